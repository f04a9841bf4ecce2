import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { AmqpEnvironment } from '@internal/amqp-node';
import { DeadLetterDatabase } from '../database';
import {
  DEAD_LETTER_ID_HEADER,
  parseDeadLetter,
} from '../capture/parseDeadLetter';
import { ReplayWorker } from '../replay/ReplayWorker';
import { amqpUrl, sleep } from '../__testUtils__/broker';

jest.setTimeout(240_000);

const TOTAL = 10_000;

/**
 * Concurrent replay requests over the same dead letters: each message ends
 * up in exactly one job and is published exactly once.
 */
describe('ReplayStore.createJob under concurrent requests', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'never puts a message in two jobs and publishes each once, on %s',
    async databaseId => {
      const suffix = randomUUID().slice(0, 8);
      const deadLetterQueue = `race.processing.${suffix}.dlq`;
      const targetQueue = `race.target.${suffix}`;
      const knex = await databases.init(databaseId);
      const database = await DeadLetterDatabase.create({
        database: mockServices.database({ knex }),
      });
      await database.messages.insertCaptured(
        Array.from({ length: TOTAL }, (_, n) =>
          parseDeadLetter(
            {
              content: Buffer.from(`{"n":${n}}`),
              fields: { redelivered: false },
              properties: {
                messageId: `race-${n}`,
                headers: {
                  'x-first-death-queue': `race.processing.${suffix}`,
                  'x-first-death-reason': 'rejected',
                },
              },
            },
            { environment: 'dev', deadLetterQueue },
          ),
        ),
      );
      const ids: string[] = (
        await knex('dead_letter_messages').select('id')
      ).map((r: { id: string }) => String(r.id).toLowerCase());
      expect(ids).toHaveLength(TOTAL);

      const jobs = database.replays;
      const request = (selection: string[]) =>
        jobs.createJob({
          environment: 'dev',
          createdBy: 'user:default/racer',
          target: { kind: 'queue', queue: targetQueue },
          ids: selection,
        });
      // Two requests over all of them, two over overlapping halves, in
      // different orders: whichever wins, nothing may be taken twice.
      const reversed = [...ids].reverse();
      const requests = [
        ids,
        reversed,
        ids.slice(0, 6_000),
        reversed.slice(0, 6_000),
      ];
      const outcomes = await Promise.allSettled(requests.map(request));

      // Only a request whose messages were all taken first is refused.
      const refused = outcomes.flatMap(o =>
        o.status === 'rejected' ? [o.reason as Error] : [],
      );
      expect(refused.length).toBeGreaterThan(0);
      expect(
        refused.map(e => [
          e instanceof ConflictError,
          /is unresolved any more/.test(e.message),
        ]),
      ).toEqual(refused.map(() => [true, true]));

      const created = outcomes.flatMap((o, i) =>
        o.status === 'fulfilled' ? [{ job: o.value, requested: i }] : [],
      );
      const taken = new Map<string, string>();
      for (const { job, requested } of created) {
        const items = await jobs.messageIds(job.id);
        expect(items).toHaveLength(job.total);
        const asked = new Set(requests[requested]);
        expect(items.filter(item => !asked.has(item))).toEqual([]);
        // The second request got only what the first did not take.
        expect(items.filter(item => taken.has(item))).toEqual([]);
        for (const item of items) taken.set(item, job.id);
      }
      expect(taken.size).toBe(TOTAL);
      expect(created.reduce((sum, c) => sum + c.job.total, 0)).toBe(TOTAL);
      const replaying = await knex('dead_letter_messages')
        .where('state', 'replaying')
        .count('* as n');
      expect(Number(replaying[0].n)).toBe(TOTAL);

      // The real worker publishes what the jobs hold: count the deliveries.
      const broker = AmqpEnvironment.create({
        name: 'dev',
        url: amqpUrl,
        logger: mockServices.logger.mock(),
      });
      broker.start();
      await broker.whenConnected(10_000);
      await broker.withChannel(ch =>
        ch.assertQueue(targetQueue, { durable: false }),
      );
      const worker = new ReplayWorker({
        database,
        amqp: { get: () => broker, list: () => [broker] },
        logger: mockServices.logger.mock(),
        environments: ['dev'],
        maxReplayCount: 5,
        pollIntervalMs: 50,
      });
      worker.start();
      try {
        for (let i = 0; i < 1_200; i++) {
          const states = await knex('dead_letter_replay_jobs').select('state');
          if (states.every((s: { state: string }) => s.state === 'completed')) {
            break;
          }
          await sleep(100);
        }
        for (const { job } of created) {
          expect(await jobs.getJob(job.id)).toMatchObject({
            state: 'completed',
            confirmed: job.total,
            failed: 0,
          });
        }
        const deliveries = new Map<string, number>();
        await broker.withChannel(async ch => {
          for (;;) {
            const got = await ch.get(targetQueue, { noAck: true });
            if (!got) break;
            const id = String(got.properties.headers?.[DEAD_LETTER_ID_HEADER]);
            deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
          }
        });
        expect(deliveries.size).toBe(TOTAL);
        const twice = [...deliveries].filter(([, n]) => n !== 1);
        expect(twice).toEqual([]);
        expect(new Set(deliveries.keys())).toEqual(new Set(ids));
      } finally {
        await worker.stop();
        await broker
          .withChannel(ch => ch.deleteQueue(targetQueue))
          .catch(() => undefined);
        await broker.stop();
      }
    },
  );
});
