import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { connect } from 'amqplib';
import {
  EventArchiveStore,
  EventToArchive,
} from '../database/EventArchiveStore';
import { JobStore } from '../database/JobStore';

jest.setTimeout(300_000);

const PG_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
const AMQP_URL =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const EVENTS = 200_000;
const ENTITIES = 1000;
const WINDOW = 1000;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** A backend process running the plugin against the test's database. */
function launchBackend(dir: string, prefix: string, name: string) {
  const config = {
    backend: {
      baseUrl: 'http://127.0.0.1:0',
      listen: { host: '127.0.0.1', port: 0 },
      database: { client: 'pg', connection: PG_URL, prefix },
    },
    amqp: { environments: { dev: { url: AMQP_URL } } },
    reconstitution: {
      environments: {
        dev: {
          exchanges: [`test.crash.${prefix}`],
          queue: `test.crash.${prefix}.archive`,
        },
      },
      jobs: { window: WINDOW, staleAfterSeconds: 2 },
    },
  };
  const configFile = path.join(dir, `${name}.json`);
  const logFile = path.join(dir, `${name}.log`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('JEST_') || key.startsWith('APP_CONFIG_'))
      delete env[key];
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.resolve(__dirname, '../__testUtils__/crashBackend.ts'),
      '--config',
      configFile,
    ],
    { cwd: path.resolve(__dirname, '../..'), env, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const exited = new Promise(resolve => child.on('exit', resolve));
  return {
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    logTail: () =>
      fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'),
  };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  logs: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}\n${logs()}`);
}

/**
 * A backend is SIGKILLed in the middle of a 200,000-event job; another
 * resumes it from the last confirmed position.
 */
describe('a reconstitution job across a backend crash', () => {
  const prefix = `crash_${randomUUID().slice(0, 8)}_`;
  const database = `${prefix}reconstitution`;
  const queue = `test.crash.${prefix}.receiver`;
  let admin: Knex;
  let knex: Knex;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconstitution-crash-'));

  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: PG_URL });
    await admin.raw('CREATE DATABASE ??', [database]);
    const url = new URL(PG_URL);
    url.pathname = `/${database}`;
    knex = knexFactory({ client: 'pg', connection: url.toString() });
  });

  afterAll(async () => {
    await knex?.destroy();
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
    await admin.destroy();
  });

  it('delivers every event at least once, duplicates only after the last confirmed one, in order per entity', async () => {
    const db = mockServices.database({ knex });
    const store = await EventArchiveStore.create({ database: db });
    const jobs = await JobStore.create({ database: db, skipMigrations: true });
    const start = Date.UTC(2026, 8, 1);
    const batch: EventToArchive[] = [];
    for (let n = 0; n < EVENTS; n++) {
      batch.push({
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
        messageId: `e-${n}`,
        entityId: `party-${n % ENTITIES}`,
        eventName: n % 3 ? 'PartyUpdated' : 'PartyCreated',
        occurredAt: new Date(start + n * 1000),
        exchange: 'integration-events',
        routingKey: 'organisation.organisation-party.x',
        headers: { 'x-entity-id': `party-${n % ENTITIES}`, n },
        properties: {},
        body: Buffer.from(`{"n":${n}}`),
      });
      if (batch.length === 10_000) await store.archive(batch.splice(0));
    }

    const connection = await connect(AMQP_URL);
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true });
    const backends: Array<ReturnType<typeof launchBackend>> = [];
    const logs = () => backends.map(b => b.logTail()).join('\n---\n');
    try {
      const job = await jobs.createJob({
        environment: 'dev',
        source: 'archive',
        receiver: { entityRef: 'component:default/receiver', queue },
        selection: {
          environment: 'dev',
          domain: 'organisation',
          entityType: 'organisation-party',
        },
        matched: EVENTS,
        createdBy: 'user:default/someone',
      });

      backends.push(launchBackend(dir, prefix, 'first'));
      await until(
        'the first backend to be a third of the way',
        async () => {
          const current = await jobs.getJob(job.id);
          return current && current.progress.confirmed > EVENTS / 3
            ? current
            : undefined;
        },
        120_000,
        logs,
      );
      await backends[0].kill();
      const atKill = (await jobs.getJob(job.id))!;
      expect(atKill.state).toBe('running');
      expect(atKill.progress.confirmed).toBeLessThan(EVENTS);

      backends.push(launchBackend(dir, prefix, 'second'));
      const done = await until(
        'the second backend to complete the job',
        async () => {
          const current = await jobs.getJob(job.id);
          return current?.state === 'completed' ? current : undefined;
        },
        180_000,
        logs,
      );
      expect(done.progress.confirmed).toBe(EVENTS);
      const audit = await jobs.auditEntries(job.id);
      expect(audit.map(a => a.action)).toEqual([
        'create',
        'start',
        'resume',
        'complete',
      ]);

      // Everything the receiver got, in queue order.
      const received: number[] = [];
      await channel.prefetch(2000);
      const { messageCount } = await channel.checkQueue(queue);
      await new Promise<void>(resolve => {
        if (messageCount === 0) resolve();
        channel.consume(queue, message => {
          if (!message) return;
          received.push(Number(String(message.properties.messageId).slice(2)));
          channel.ack(message);
          if (received.length === messageCount) resolve();
        });
      });

      const seen = new Set(received);
      expect(seen.size).toBe(EVENTS);
      const duplicates = received.length - EVENTS;
      // The duplicates are the events right after the last confirmed
      // position recorded before the kill: the unconfirmed window (plus what
      // was confirmed after the last progress write).
      const counts = new Map<number, number>();
      for (const n of received) counts.set(n, (counts.get(n) ?? 0) + 1);
      const duplicated = [...counts.entries()]
        .filter(([, c]) => c > 1)
        .map(([n]) => n)
        .sort((a, b) => a - b);
      expect(duplicated.length).toBe(duplicates);
      expect(duplicated).toEqual(
        Array.from(
          { length: duplicates },
          (_, i) => atKill.progress.confirmed + i,
        ),
      );
      expect(duplicates).toBeLessThan(20_000);
      // eslint-disable-next-line no-console
      console.log(
        `crash test: killed at ${atKill.progress.confirmed} confirmed; ${duplicates} duplicates`,
      );

      // Per entity, first deliveries come in the order events happened.
      const lastSeen = new Map<number, number>();
      const firstOrder: number[] = [];
      const delivered = new Set<number>();
      for (const n of received) {
        if (delivered.has(n)) continue;
        delivered.add(n);
        firstOrder.push(n);
      }
      for (const n of firstOrder) {
        const entity = n % ENTITIES;
        const previous = lastSeen.get(entity);
        if (previous !== undefined && previous > n) {
          throw new Error(
            `party-${entity}: e-${n} was delivered after e-${previous}`,
          );
        }
        lastSeen.set(entity, n);
      }
    } finally {
      await Promise.all(backends.map(b => b.kill()));
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel
        .deleteExchange(`test.crash.${prefix}`)
        .catch(() => undefined);
      await channel
        .deleteQueue(`test.crash.${prefix}.archive`)
        .catch(() => undefined);
      await connection.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
