import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AmqpEnvironment } from '@internal/amqp-node';
import { EventArchiveStore } from '../database/EventArchiveStore';
import { ParkedEventStore } from '../database/ParkedEventStore';
import { ArchiveService } from './ArchiveService';
import { DEFAULT_CONVENTION } from './readEvent';

jest.setTimeout(60_000);

const amqpUrl =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
) {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Integration events from a real exchange into the archive. */
describe('ArchiveService', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'archives events from the exchanges, idempotently, on %s',
    async databaseId => {
      const suffix = randomUUID().slice(0, 8);
      const exchange = `test.integration-events.${suffix}`;
      const queue = `test.reconstitution.archive.${suffix}`;
      const broker = AmqpEnvironment.create({
        name: 'dev',
        url: amqpUrl,
        logger: mockServices.logger.mock(),
      });
      broker.start();
      await broker.whenConnected(10_000);
      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      const parked = await ParkedEventStore.create({
        database: mockServices.database({ knex }),
      });
      const service = () =>
        ArchiveService.create({
          sources: [
            {
              environment: broker,
              exchanges: [exchange],
              queue,
              prefetch: 50,
              batchSize: 10,
              retryTopologyMs: 200,
            },
          ],
          store,
          parked,
          convention: DEFAULT_CONVENTION,
          logger: mockServices.logger.mock(),
        });
      const publisher = broker.publisher();
      const publishEvents = async () => {
        for (let n = 0; n < 30; n++) {
          await publisher.publish({
            exchange,
            routingKey: `organisation.organisation-party.${
              n % 2 ? 'PartyUpdated' : 'PartyCreated'
            }`,
            content: Buffer.from(JSON.stringify({ n })),
            options: {
              messageId: `event-${n}`,
              timestamp: 1_790_000_000 + n,
              headers: { 'x-entity-id': `party-${n % 4}` },
            },
          });
        }
        // Not an integration event by the convention: no entity id.
        await publisher.publish({
          exchange,
          routingKey: 'organisation.organisation-party.PartyCreated',
          content: Buffer.from('{}'),
          options: { timestamp: 1_790_000_000 },
        });
      };
      const selection = {
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
      };

      const first = service();
      try {
        // The producers' exchange does not exist yet: reported, retried.
        first.start();
        const missing = await until('the missing exchange', async () => {
          const [status] = await first.status();
          return status.lastError ? status : undefined;
        });
        expect(missing.active).toBe(false);
        expect(missing.lastError).toMatch(
          new RegExp(`Could not set up ${queue.replace(/\./g, '\\.')}`),
        );
        await broker.withChannel(ch =>
          ch.assertExchange(exchange, 'topic', { durable: false }),
        );
        await until('consuming', async () =>
          (await first.status())[0].active ? true : undefined,
        );

        await publishEvents();
        // The skipped message may come in a batch of its own.
        const status = await until('30 archived and 1 skipped', async () => {
          const [now] = await first.status();
          return now.archived === 30 && now.skipped > 0 ? now : undefined;
        });
        expect(status).toMatchObject({
          skipped: 1,
          duplicates: 0,
          parked: 0,
          recentParked: [],
        });
        expect(status.lastSkipReason).toMatch(/no entity id/);
        const dryRun = await store.dryRun(selection);
        expect(dryRun.total).toBe(30);
        expect(dryRun.byEventName).toEqual([
          { eventName: 'PartyCreated', count: 15 },
          { eventName: 'PartyUpdated', count: 15 },
        ]);
        const { events } = await store.page(
          { ...selection, entityIds: ['party-1'] },
          100,
        );
        // Per entity, in the order they happened.
        expect(events.map(e => e.messageId)).toEqual(
          [1, 5, 9, 13, 17, 21, 25, 29].map(n => `event-${n}`),
        );
      } finally {
        await first.stop();
      }

      // The same events again (as after a crash before the ack): stored once.
      await publishEvents();
      const second = service();
      try {
        second.start();
        const status = await until('30 duplicates', async () => {
          const [now] = await second.status();
          return now.duplicates === 30 ? now : undefined;
        });
        expect(status.archived).toBe(0);
        expect((await store.dryRun(selection)).total).toBe(30);
        const depth = await broker.withChannel(ch => ch.checkQueue(queue));
        expect(depth.messageCount).toBe(0);
      } finally {
        await second.stop();
        await broker.withChannel(async ch => {
          await ch.deleteQueue(queue);
          await ch.deleteExchange(exchange);
        });
        await broker.stop();
      }
    },
  );
});
