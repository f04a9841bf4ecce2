import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AmqpEnvironment, AmqpEnvironments } from '@internal/amqp-node';
import type { ReconstitutionJob } from '@internal/backstage-plugin-reconstitution-common';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import {
  EventArchiveStore,
  EventToArchive,
} from '../database/EventArchiveStore';
import { JobStore, NewJob } from '../database/JobStore';
import { JobWorker } from './JobWorker';

jest.setTimeout(90_000);

const amqpUrl =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const EVENT_NAMES = [
  'PartyCreated',
  'PartyUpdated',
  'PartyMerged',
  'PartyDeleted',
];
const DAY = 24 * 3600_000;
const START = Date.UTC(2026, 9, 1);

/**
 * 600 events of 20 parties over 30 days (crossing a month, so two
 * partitions), some in the same millisecond; plus events of another
 * producer and another environment that no job here may touch.
 */
function seed(): EventToArchive[] {
  const events: EventToArchive[] = [];
  for (let n = 0; n < 600; n++) {
    events.push({
      environment: 'dev',
      domain: 'organisation',
      entityType: 'organisation-party',
      messageId: `party-event-${n}`,
      entityId: `party-${n % 20}`,
      eventName: EVENT_NAMES[(n * 7) % 4],
      // Pairs share a timestamp: order within one comes from the archive.
      occurredAt: new Date(START + Math.floor(n / 2) * (DAY / 10)),
      exchange: 'integration-events',
      routingKey: 'organisation.organisation-party.x',
      headers: { 'x-entity-id': `party-${n % 20}`, 'x-trace': `t-${n}` },
      properties: { contentType: 'application/json', type: 'x' },
      body: Buffer.from(JSON.stringify({ n })),
    });
  }
  for (let n = 0; n < 50; n++) {
    events.push({
      ...events[n],
      domain: 'payments',
      entityType: 'payment',
      messageId: `payment-${n}`,
    });
    events.push({ ...events[n], environment: 'prod', messageId: `prod-${n}` });
  }
  return events;
}

async function drain(channel: Channel, queue: string): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (!message) return messages;
    messages.push(message);
  }
}

describe('JobWorker', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let broker: AmqpEnvironment;
  let connection: ChannelModel;
  let admin: Channel;
  const amqp: AmqpEnvironments = {
    get: name => (name === 'dev' ? broker : undefined),
    list: () => [broker],
  };

  beforeAll(async () => {
    broker = AmqpEnvironment.create({
      name: 'dev',
      url: amqpUrl,
      logger: mockServices.logger.mock(),
    });
    broker.start();
    await broker.whenConnected(10_000);
    connection = await connect(amqpUrl);
    admin = await connection.createChannel();
  });

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await broker.stop();
  });

  async function setup(databaseId: string) {
    const knex = await databases.init(databaseId as any);
    const database = mockServices.database({ knex });
    const store = await EventArchiveStore.create({ database });
    const jobs = await JobStore.create({ database, skipMigrations: true });
    const events = seed();
    await store.archive(events);
    const suffix = randomUUID().slice(0, 8);
    const receiverQueue = `test.receiver.${suffix}`;
    await admin.assertQueue(receiverQueue, { durable: false });
    const workers: JobWorker[] = [];
    const ended: ReconstitutionJob[] = [];
    const worker = (options: { window?: number } = {}) => {
      const w = new JobWorker({
        jobs,
        sources: new Map([[store.id, store]]),
        amqp,
        logger: mockServices.logger.mock(),
        environments: ['dev'],
        pollIntervalMs: 50,
        staleAfterMs: 2000,
        window: options.window,
        onJobEnded: async job => {
          ended.push(job);
        },
      });
      workers.push(w);
      return w;
    };
    const newJob = (
      overrides: Partial<NewJob['selection']> & {
        rate?: number;
        queue?: string;
      } = {},
    ) => {
      const { rate, queue, ...selection } = overrides;
      return jobs.createJob({
        environment: 'dev',
        source: 'archive',
        receiver: {
          entityRef: 'component:default/r',
          queue: queue ?? receiverQueue,
        },
        selection: {
          environment: 'dev',
          domain: 'organisation',
          entityType: 'organisation-party',
          ...selection,
        },
        ratePerSecond: rate,
        matched: 0,
        createdBy: 'user:default/someone',
      });
    };
    const endOf = (id: string, timeoutMs?: number) =>
      until<ReconstitutionJob>(
        `job ${id} to end`,
        async () => {
          const job = await jobs.getJob(id);
          return job && ['completed', 'failed', 'cancelled'].includes(job.state)
            ? job
            : undefined;
        },
        timeoutMs,
      );
    const cleanup = async () => {
      await Promise.all(workers.map(w => w.stop()));
      await admin.deleteQueue(receiverQueue).catch(() => undefined);
    };
    return {
      jobs,
      store,
      events,
      receiverQueue,
      worker,
      newJob,
      ended: endOf,
      notified: ended,
      cleanup,
    };
  }

  it.each(databases.eachSupportedId())(
    'delivers exactly the selected events, in order, to the receiver only, on %s',
    async databaseId => {
      const t = await setup(databaseId);
      // Another subscriber of the same events, on the producers' exchange.
      const exchange = `test.integration-events.${randomUUID().slice(0, 8)}`;
      const otherQueue = `${exchange}.other`;
      await admin.assertExchange(exchange, 'topic', { durable: false });
      await admin.assertQueue(otherQueue, { durable: false });
      await admin.bindQueue(otherQueue, exchange, '#');
      try {
        const entityIds = [
          'party-1',
          'party-2',
          'party-7',
          'party-19',
          'party-404',
        ];
        const eventNames = ['PartyUpdated', 'PartyDeleted'];
        const from = new Date(START + 3 * DAY).toISOString();
        const to = new Date(START + 27 * DAY).toISOString();
        const job = await t.newJob({ from, to, entityIds, eventNames });
        t.worker().start();
        const done = await t.ended(job.id);

        const expected = t.events.filter(
          e =>
            e.environment === 'dev' &&
            e.domain === 'organisation' &&
            entityIds.includes(e.entityId) &&
            eventNames.includes(e.eventName) &&
            e.occurredAt.getTime() >= Date.parse(from) &&
            e.occurredAt.getTime() < Date.parse(to),
        );
        expect(expected.length).toBeGreaterThan(20);
        expect(done).toMatchObject({
          state: 'completed',
          progress: {
            matched: expected.length,
            sent: expected.length,
            confirmed: expected.length,
          },
        });

        const delivered = await drain(admin, t.receiverQueue);
        expect(delivered.map(m => m.properties.messageId).sort()).toEqual(
          expected.map(e => e.messageId).sort(),
        );
        // Per entity, in the order the events happened (archive order).
        for (const entityId of entityIds) {
          expect(
            delivered
              .filter(m => m.properties.headers?.['x-entity-id'] === entityId)
              .map(m => m.properties.messageId),
          ).toEqual(
            expected.filter(e => e.entityId === entityId).map(e => e.messageId),
          );
        }
        const first = delivered[0];
        expect(first.properties.headers).toMatchObject({
          'x-reconstituted': true,
          'x-reconstitution-job': job.id,
          'x-trace': expect.stringMatching(/^t-/),
        });
        expect(first.properties.contentType).toBe('application/json');
        expect(first.properties.deliveryMode).toBe(2);
        expect(JSON.parse(first.content.toString())).toHaveProperty('n');
        // Straight to the receiver's queue: no other subscriber got any.
        expect(first.fields.exchange).toBe('');
        expect((await admin.checkQueue(otherQueue)).messageCount).toBe(0);

        const audit = await t.jobs.auditEntries(job.id);
        expect(audit.map(a => a.action)).toEqual([
          'create',
          'start',
          'complete',
        ]);
        // The creator is told, once.
        expect(t.notified).toEqual([
          expect.objectContaining({ id: job.id, state: 'completed' }),
        ]);
        const samples = await t.jobs.progressSamples(job.id);
        expect(samples[samples.length - 1].confirmed).toBe(expected.length);
      } finally {
        await admin.deleteQueue(otherQueue).catch(() => undefined);
        await admin.deleteExchange(exchange).catch(() => undefined);
        await t.cleanup();
      }
    },
  );

  it('runs a job once with two instances, and one job per queue at a time', async () => {
    const t = await setup('POSTGRES_15');
    try {
      const a = await t.newJob({ eventNames: ['PartyCreated'] });
      const b = await t.newJob({ eventNames: ['PartyMerged'] });
      t.worker({ window: 10 }).start();
      t.worker({ window: 10 }).start();
      const [doneA, doneB] = [await t.ended(a.id), await t.ended(b.id)];
      expect(doneA.state).toBe('completed');
      expect(doneB.state).toBe('completed');
      // The second job for the queue started after the first ended.
      const [first, second] = [doneA, doneB].sort((x, y) =>
        x.startedAt!.localeCompare(y.startedAt!),
      );
      expect(second.startedAt! >= first.finishedAt!).toBe(true);

      const delivered = await drain(admin, t.receiverQueue);
      const ids = delivered.map(m => m.properties.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(300);
      for (const job of [a, b]) {
        const audit = await t.jobs.auditEntries(job.id);
        expect(audit.filter(e => e.action === 'start')).toHaveLength(1);
      }
    } finally {
      await t.cleanup();
    }
  });

  it('fails with a clear reason when the receiver queue is missing or deleted mid-job', async () => {
    const t = await setup('POSTGRES_15');
    try {
      const missing = await t.newJob({ queue: `test.missing.${randomUUID()}` });
      t.worker().start();
      const failed = await t.ended(missing.id);
      expect(failed.state).toBe('failed');
      expect(failed.reason).toMatch(
        /queue 'test\.missing\..*' does not exist in dev; nothing was delivered/,
      );
      expect(failed.progress.confirmed).toBe(0);

      // 600 events at 100/s: the queue goes away while it runs.
      const running = await t.newJob({ rate: 100 });
      await until('some events delivered', async () => {
        const job = await t.jobs.getJob(running.id);
        return job && job.progress.confirmed >= 50 ? job : undefined;
      });
      await admin.deleteQueue(t.receiverQueue);
      const deleted = await t.ended(running.id);
      expect(deleted.state).toBe('failed');
      expect(deleted.reason).toMatch(
        /queue 'test\.receiver\..*' no longer exists in dev: the broker returned event party-event-\d+ as unroutable/,
      );
      expect(deleted.progress.confirmed).toBeGreaterThanOrEqual(50);
      expect(deleted.progress.confirmed).toBeLessThan(600);
      expect(t.notified.map(j => [j.id, j.state])).toEqual([
        [missing.id, 'failed'],
        [running.id, 'failed'],
      ]);
    } finally {
      await t.cleanup();
    }
  });

  it.each(databases.eachSupportedId())(
    'stops publishing when a job is cancelled, on %s',
    async databaseId => {
      const t = await setup(databaseId);
      try {
        const job = await t.newJob({ rate: 100 });
        t.worker().start();
        await until('delivery under way', async () => {
          const current = await t.jobs.getJob(job.id);
          return current && current.progress.confirmed >= 20
            ? current
            : undefined;
        });
        await t.jobs.cancel(job.id, 'user:default/someone');
        // The worker notices within a progress write and stops.
        await until('the worker to let go', async () => {
          const row = await t.jobs.row(job.id);
          return row && row.claimed_by === null ? row : undefined;
        });
        await sleep(300);
        const cancelled = (await t.jobs.getJob(job.id))!;
        expect(cancelled.state).toBe('cancelled');
        expect(cancelled.progress.confirmed).toBeLessThan(600);
        const depth = (await admin.checkQueue(t.receiverQueue)).messageCount;
        // Every confirmed event is in the queue, and nothing else.
        expect(depth).toBe(cancelled.progress.confirmed);
        await sleep(500);
        expect((await admin.checkQueue(t.receiverQueue)).messageCount).toBe(
          depth,
        );
        // Whoever cancelled (the API) tells the creator, not the worker.
        expect(t.notified).toEqual([]);
      } finally {
        await t.cleanup();
      }
    },
  );
});
