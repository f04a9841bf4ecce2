import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Knex } from 'knex';
import {
  BackendProcess,
  connectDatabase,
  countStored,
  createDatabase,
  createVhost,
  deleteVhost,
  dropDatabase,
  listVhosts,
  makeTempDir,
  pluginDatabaseName,
  restartRabbitMq,
  TestBroker,
  vhostUrl,
  waitFor,
} from './__testUtils__/resilience/harness';
import { ReplayStore } from './database/ReplayStore';

/**
 * Process-level resilience: real backends in child processes, SIGKILLed or
 * cut off from a restarted RabbitMQ, against the real broker and Postgres.
 *
 * Serial only (`*.serial.test.ts` is left out of the normal test run; see
 * the package's jest config and scripts/test.sh): restarting RabbitMQ
 * disconnects every other test using the broker, and the other tests boot
 * whole backends (CPU-heavy) that would slow the parallel unit run down.
 * Needs rabbitmqctl as root (vhost, restart). Run alone:
 *
 *   yarn backstage-cli repo test --runInBand \
 *     --testPathIgnorePatterns /node_modules/ --testMatch '**\/*.serial.test.ts'
 */

jest.setTimeout(150_000);

const runId = randomBytes(4).toString('hex');
const vhost = `dead-letter-resilience-${runId}`;
let dir: string;
const backends: BackendProcess[] = [];
const databases: string[] = [];
const connections: Knex[] = [];
const brokers: TestBroker[] = [];

beforeAll(async () => {
  dir = makeTempDir();
  await createVhost(vhost);
});

afterEach(async () => {
  await Promise.all(backends.splice(0).map(b => b.stop()));
  await Promise.all(connections.splice(0).map(k => k.destroy()));
  await Promise.all(brokers.splice(0).map(b => b.dispose()));
});

afterAll(async () => {
  await Promise.all(databases.map(name => dropDatabase(name)));
  await deleteVhost(vhost);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A database prefix, a topology in the run's vhost, a knex for the test. */
async function scenario(name: string, options: { createDatabase: boolean }) {
  const id = `${name}_${randomBytes(3).toString('hex')}`;
  const databasePrefix = `dlres_${id}_`;
  const database = pluginDatabaseName(databasePrefix);
  databases.push(database);
  if (options.createDatabase) {
    await createDatabase(database);
  }
  const knex = connectDatabase(database);
  connections.push(knex);
  const broker = await TestBroker.create(vhostUrl(vhost), id);
  brokers.push(broker);
  const dlq = broker.names.deadLetterQueue;

  const launch = (
    processName: string,
    deadLetter: Record<string, unknown> = {},
  ) =>
    BackendProcess.launch({
      name: processName,
      dir,
      databasePrefix,
      amqpUrl: vhostUrl(vhost),
      deadLetter: {
        environments: { dev: { queues: [dlq] } },
        // Reclaims a killed instance's replay job within seconds.
        replay: { staleAfterSeconds: 5 },
        ...deadLetter,
      },
    }).then(backend => {
      backends.push(backend);
      return backend;
    });

  /** Waits until `total` messages are stored and the DLQ is empty. */
  const captured = async (total: number, timeoutMs: number) => {
    await waitFor(
      async () =>
        (await countStored(knex)).rows >= total &&
        (await broker.queueState(dlq)).messageCount === 0,
      {
        timeoutMs,
        intervalMs: 200,
        describe: () => `${total} captured and ${dlq} empty`,
      },
    );
  };

  /** Exactly the expected messages are stored, each once; the DLQ is empty. */
  const expectStoredExactlyOnce = async (prefix: string, total: number) => {
    // Give a straggling redelivery the chance to be (wrongly) stored twice.
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(await countStored(knex)).toEqual({ rows: total, distinct: total });
    const ids: Array<{ message_id: string }> = await knex(
      'dead_letter_messages',
    ).select('message_id');
    const expected = Array.from({ length: total }, (_, n) => `${prefix}-${n}`);
    expect(new Set(ids.map(r => r.message_id))).toEqual(new Set(expected));
    expect(await broker.queueState(dlq)).toEqual(
      expect.objectContaining({ messageCount: 0 }),
    );
  };

  return {
    knex,
    broker,
    dlq,
    launch,
    captured,
    expectStoredExactlyOnce,
  };
}

/** Waits until `fn` reports at least `low` and returns what it reported. */
async function whenAtLeast(
  fn: () => Promise<number>,
  low: number,
  what: string,
): Promise<number> {
  return waitFor(
    async () => {
      const value = await fn();
      return value >= low ? value : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 5, describe: () => `${what} >= ${low}` },
  );
}

async function itemCounts(knex: Knex, jobId: string) {
  const rows: Array<{ status: string; n: string | number }> = await knex(
    'dead_letter_replay_items',
  )
    .where('job_id', jobId)
    .groupBy('status')
    .select('status', knex.raw('count(*) as n'));
  const counts: Record<string, number> = {
    pending: 0,
    sent: 0,
    confirmed: 0,
    failed: 0,
  };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

async function jobRow(knex: Knex, jobId: string) {
  return knex('dead_letter_replay_jobs').where('id', jobId).first();
}

async function allMessageIds(knex: Knex): Promise<string[]> {
  const rows: Array<{ id: string }> = await knex('dead_letter_messages').select(
    'id',
  );
  return rows.map(r => String(r.id).toLowerCase());
}

async function replayedIds(knex: Knex): Promise<Set<string>> {
  const rows: Array<{ id: string }> = await knex('dead_letter_messages')
    .where('state', 'replayed')
    .select('id');
  return new Set(rows.map(r => String(r.id).toLowerCase()));
}

/** Milliseconds since the previous call, per phase, for the report. */
function phases() {
  let last = Date.now();
  const ms: Record<string, number> = {};
  return {
    mark(name: string) {
      const now = Date.now();
      ms[name] = now - last;
      last = now;
    },
    ms,
  };
}

function report(figures: Record<string, unknown>) {
  // The figures of a run (how far the kill got, how many duplicates) are
  // what these tests are read for, not only pass or fail.
  // eslint-disable-next-line no-console
  console.log(`resilience: ${JSON.stringify(figures)}`);
}

describe('dead-letter backend processes', () => {
  it('captures every dead letter exactly once across a SIGKILL mid-capture', async () => {
    const total = 10_000;
    const t = phases();
    const s = await scenario('capkill', { createDatabase: true });
    t.mark('setup');
    await s.broker.fillDeadLetterQueue(total, 'capkill');
    t.mark('fill');

    const first = await s.launch('capture-1');
    // A different moment each run, between 10% and 70% stored.
    const killAt = Math.round(total * (0.1 + Math.random() * 0.6));
    const seen = await whenAtLeast(
      async () => (await countStored(s.knex)).rows,
      killAt,
      'stored rows',
    );
    t.mark('startToKill');
    await first.kill();
    const storedAtKill = (await countStored(s.knex)).rows;
    const leftInQueue = await s.broker.depthWithoutConsumers(s.dlq);
    // The kill interrupted the capture: some messages were neither stored
    // nor acknowledged.
    expect(storedAtKill).toBeLessThan(total * 0.9);
    expect(leftInQueue).toBeGreaterThan(0);
    // Stored but not yet acknowledged when the process died: the broker
    // redelivers them and the store must recognise them.
    const storedNotAcked = storedAtKill + leftInQueue - total;
    expect(storedNotAcked).toBeGreaterThanOrEqual(0);

    const second = await s.launch('capture-2');
    await second.waitReady(90_000);
    t.mark('restartReady');
    await s.captured(total, 90_000);
    t.mark('rest');
    await s.expectStoredExactlyOnce('capkill', total);
    report({
      ms: t.ms,
      test: 'capture SIGKILL',
      total,
      killAt,
      storedWhenKillTriggered: seen,
      storedAtKill,
      leftInQueueAfterKill: leftInQueue,
      storedButUnackedAtKill: storedNotAcked,
    });
  });

  it('replays every message at least once across a SIGKILL mid-replay, and marks only confirmed ones replayed', async () => {
    const total = 5_000;
    const t = phases();
    const s = await scenario('replaykill', { createDatabase: true });
    const targetQueue = `${s.broker.names.queue}.replayed`;
    await s.broker.declareQueue(targetQueue);
    await s.broker.fillDeadLetterQueue(total, 'replaykill');
    const first = await s.launch('replay-1');
    await first.waitReady(90_000);
    await s.captured(total, 60_000);

    const ids = await allMessageIds(s.knex);
    const job = await new ReplayStore(s.knex).createJob({
      environment: 'dev',
      createdBy: 'user:default/resilience-test',
      target: { kind: 'queue', queue: targetQueue },
      ids,
    });
    expect(job.total).toBe(total);
    t.mark('setupAndCapture');

    const killAt = Math.round(total * (0.1 + Math.random() * 0.6));
    await whenAtLeast(
      async () => (await itemCounts(s.knex, job.id)).confirmed,
      killAt,
      'confirmed items',
    );
    await first.kill();
    t.mark('jobToKill');
    const atKill = await itemCounts(s.knex, job.id);
    const claimedAtKill = (await jobRow(s.knex, job.id)).claimed_by;
    const replayedAtKill = await replayedIds(s.knex);
    expect(atKill.confirmed).toBeLessThan(total * 0.9);
    expect(replayedAtKill.size).toBe(atKill.confirmed);

    await s.launch('replay-2');
    const finished = await waitFor(
      async () => {
        const row = await jobRow(s.knex, job.id);
        return ['completed', 'failed', 'cancelled'].includes(row.state)
          ? row
          : undefined;
      },
      {
        timeoutMs: 90_000,
        intervalMs: 200,
        describe: () => `replay job ${job.id} to finish`,
      },
    );
    t.mark('killToCompleted');
    expect(finished).toMatchObject({
      state: 'completed',
      total,
      confirmed: total,
      failed: 0,
    });
    // Taken over by the restarted instance.
    expect(finished.claimed_by).not.toBe(claimedAtKill);

    const received = await s.broker.drain(targetQueue);
    const receivedIds = new Set(received.map(r => r.deadLetterId));
    expect(received.every(r => r.replayJob === job.id)).toBe(true);
    // At least once: every message of the job reached the target.
    expect(ids.filter(id => !receivedIds.has(id))).toEqual([]);
    // Nothing is 'replayed' that the broker did not take.
    const replayed = await replayedIds(s.knex);
    expect(replayed.size).toBe(total);
    expect([...replayed].filter(id => !receivedIds.has(id))).toEqual([]);
    expect([...replayedAtKill].filter(id => !receivedIds.has(id))).toEqual([]);
    // Only messages in doubt at the kill (published, unconfirmed) may arrive
    // twice.
    const duplicates = received.length - receivedIds.size;
    expect(duplicates).toBeLessThanOrEqual(atKill.sent);
    report({
      ms: t.ms,
      test: 'replay SIGKILL',
      total,
      killAt,
      itemsAtKill: atKill,
      received: received.length,
      duplicates,
    });
  });

  it('captures every dead letter exactly once across a RabbitMQ restart', async () => {
    const total = 10_000;
    const t = phases();
    const s = await scenario('brokerrestart', { createDatabase: true });
    await s.broker.fillDeadLetterQueue(total, 'brokerrestart');
    const vhostsBefore = await listVhosts();

    // Small batches: the capture takes long enough for the restart to land
    // in the middle of it.
    const backend = await s.launch('broker-restart', {
      environments: {
        dev: { queues: [s.dlq], prefetch: 20, batchSize: 10 },
      },
    });
    await whenAtLeast(
      async () => (await countStored(s.knex)).rows,
      total * 0.1,
      'stored rows',
    );
    t.mark('setupToRestart');
    const restart = restartRabbitMq({ downMs: 2000 });
    await restart.stopped;
    const storedWhileDown = (await countStored(s.knex)).rows;
    await restart.started;
    t.mark('brokerDown');
    expect(storedWhileDown).toBeLessThan(total);

    await s.captured(total, 120_000);
    t.mark('upToCaptured');
    await s.expectStoredExactlyOnce('brokerrestart', total);
    expect(backend.running).toBe(true);
    const environments = await backend.api('/environments');
    expect(environments.items[0]).toMatchObject({
      connection: { state: 'connected' },
      queues: [expect.objectContaining({ queue: s.dlq, active: true })],
    });
    // Vhosts (portal-dev, portal-prod, ...) are persistent.
    expect(await listVhosts()).toEqual(expect.arrayContaining(vhostsBefore));
    report({ ms: t.ms, test: 'RabbitMQ restart', total, storedWhileDown });
  });

  it('shares capture between two instances and runs a replay job on one', async () => {
    const total = 5_000;
    const s = await scenario('twoinstances', { createDatabase: false });
    const targetQueue = `${s.broker.names.queue}.replayed`;
    await s.broker.declareQueue(targetQueue);
    // One after the other: two instances migrating an empty database at the
    // same moment race on creating knex's migration tables (the scheduler's
    // in @backstage/backend-defaults), and the loser fails to start.
    const a = await s.launch('instance-a');
    await a.waitReady(90_000);
    const b = await s.launch('instance-b');
    await b.waitReady(90_000);
    await waitFor(
      async () => (await s.broker.queueState(s.dlq)).consumerCount === 2,
      { timeoutMs: 30_000, describe: () => `two consumers on ${s.dlq}` },
    );

    await s.broker.fillDeadLetterQueue(total, 'twoinstances', {
      consumed: true,
    });
    await s.captured(total, 60_000);
    await s.expectStoredExactlyOnce('twoinstances', total);
    const capturedBy = await Promise.all(
      [a, b].map(
        async backend =>
          (
            await backend.api('/environments')
          ).items[0].queues[0].captured as number,
      ),
    );
    expect(capturedBy[0]).toBeGreaterThan(0);
    expect(capturedBy[1]).toBeGreaterThan(0);
    expect(capturedBy[0] + capturedBy[1]).toBe(total);

    const ids = await allMessageIds(s.knex);
    const job = await new ReplayStore(s.knex).createJob({
      environment: 'dev',
      createdBy: 'user:default/resilience-test',
      target: { kind: 'queue', queue: targetQueue },
      ids,
    });
    const claimants = new Set<string>();
    const finished = await waitFor(
      async () => {
        const row = await jobRow(s.knex, job.id);
        if (row.claimed_by) claimants.add(row.claimed_by);
        return ['completed', 'failed', 'cancelled'].includes(row.state)
          ? row
          : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 5,
        describe: () => `replay job ${job.id} to finish`,
      },
    );
    expect(finished).toMatchObject({
      state: 'completed',
      total,
      confirmed: total,
    });
    expect([...claimants]).toEqual([finished.claimed_by]);

    // Published by one instance only: each message arrives exactly once.
    const received = await s.broker.drain(targetQueue);
    expect(received).toHaveLength(total);
    expect(new Set(received.map(r => r.deadLetterId))).toEqual(new Set(ids));
    report({
      test: 'two instances',
      total,
      capturedByInstance: capturedBy,
      replayClaimedBy: finished.claimed_by,
    });
  });
});
