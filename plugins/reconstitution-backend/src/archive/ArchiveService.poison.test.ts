import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AmqpEnvironment } from '@internal/amqp-node';
import { Knex } from 'knex';
import { EventArchiveStore } from '../database/EventArchiveStore';
import { ParkedEventStore } from '../database/ParkedEventStore';
import { ArchiveService } from './ArchiveService';
import { DEFAULT_CONVENTION } from './readEvent';

jest.setTimeout(120_000);

const amqpUrl =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const TOTAL = 1_000;
const POISON_AT = 617;
const REFUSED_ID = 'refused-by-the-store';

async function until<T>(what: string, probe: () => Promise<T | undefined>) {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A database-side refusal of one entity id: a value the store cannot take. */
async function refuseEntityId(knex: Knex, postgres: boolean) {
  if (postgres) {
    await knex.raw(`
      CREATE FUNCTION refuse_entity() RETURNS trigger AS $$
      BEGIN
        IF NEW.entity_id = '${REFUSED_ID}' THEN
          RAISE EXCEPTION 'entity id % is refused by the store', NEW.entity_id;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER refuse_entity BEFORE INSERT ON reconstitution_events
      FOR EACH ROW EXECUTE FUNCTION refuse_entity()`);
  } else {
    await knex.raw(`
      CREATE TRIGGER refuse_entity BEFORE INSERT ON reconstitution_events
      WHEN NEW.entity_id = '${REFUSED_ID}'
      BEGIN SELECT RAISE(ABORT, 'entity id ${REFUSED_ID} is refused by the store'); END`);
  }
}

/**
 * One bad event among 1,000 from a real exchange: it never stalls the
 * archive. A NUL-bearing event is cleaned and stored; an event the store
 * refuses even after cleaning is parked with its reason and content; the
 * rest are stored, every message is acknowledged, and archiving goes on.
 */
describe('ArchiveService with poison events', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function scenario(databaseId: Parameters<typeof databases.init>[0]) {
    const suffix = randomUUID().slice(0, 8);
    const exchange = `test.poison-events.${suffix}`;
    const queue = `test.reconstitution.poison.${suffix}`;
    const broker = AmqpEnvironment.create({
      name: 'dev',
      url: amqpUrl,
      logger: mockServices.logger.mock(),
    });
    broker.start();
    await broker.whenConnected(10_000);
    await broker.withChannel(ch =>
      ch.assertExchange(exchange, 'topic', { durable: false }),
    );
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex });
    const store = await EventArchiveStore.create({ database });
    const parked = await ParkedEventStore.create({ database });
    const service = ArchiveService.create({
      sources: [
        {
          environment: broker,
          exchanges: [exchange],
          queue,
          prefetch: 500,
          batchSize: 250,
          retryTopologyMs: 200,
        },
      ],
      store,
      parked,
      convention: DEFAULT_CONVENTION,
      logger: mockServices.logger.mock(),
    });
    service.start();
    await until('consuming', async () =>
      (await service.status())[0].active ? true : undefined,
    );
    const publisher = broker.publisher();
    const publish = (
      n: number,
      change: { entityId?: string; messageId?: string; body?: Buffer } = {},
    ) =>
      publisher.publish({
        exchange,
        routingKey: 'organisation.organisation-party.PartyUpdated',
        content: change.body ?? Buffer.from(JSON.stringify({ n })),
        options: {
          messageId: change.messageId ?? `event-${n}`,
          timestamp: 1_790_000_000 + n,
          headers: { 'x-entity-id': change.entityId ?? `party-${n}` },
        },
      });
    const stored = async () =>
      Number(
        (await knex('reconstitution_events').count('* as n'))[0].n as string,
      );
    let running = true;
    const stop = async () => {
      if (!running) return;
      running = false;
      await service.stop();
      await broker.stop();
    };
    /**
     * Ready and unacknowledged messages: with the consumer's connection
     * closed, anything it had not acknowledged is back in the queue.
     */
    const leftInQueue = async () => {
      await stop();
      const admin = AmqpEnvironment.create({
        name: 'admin',
        url: amqpUrl,
        logger: mockServices.logger.mock(),
      });
      admin.start();
      await admin.whenConnected(10_000);
      try {
        return (await admin.withChannel(ch => ch.checkQueue(queue)))
          .messageCount;
      } finally {
        await admin.withChannel(async ch => {
          await ch.deleteQueue(queue);
          await ch.deleteExchange(exchange);
        });
        await admin.stop();
      }
    };
    const cleanup = stop;
    return {
      knex,
      store,
      parked,
      service,
      publish,
      stored,
      leftInQueue,
      cleanup,
    };
  }

  it.each(databases.eachSupportedId())(
    'stores an event with NUL characters without them, and the 999 others, on %s',
    async databaseId => {
      const s = await scenario(databaseId);
      try {
        const body = Buffer.from([0x7b, 0x00, 0x7d, 0xff]);
        for (let n = 0; n < TOTAL; n++) {
          await (n === POISON_AT
            ? s.publish(n, {
                entityId: 'party-\u0000nul\u0000',
                messageId: 'event-\u0000nul',
                body,
              })
            : s.publish(n));
        }
        // The service counts a batch once the database has answered, a
        // moment after other connections can see its rows.
        const status = await until('1,000 stored and counted', async () => {
          const stored = await s.stored();
          const [now] = await s.service.status();
          return stored === TOTAL && now.archived === TOTAL ? now : undefined;
        });
        expect(status).toMatchObject({ archived: TOTAL, parked: 0 });
        expect(status.lastError).toBeUndefined();
        const { events } = await s.store.page(
          {
            environment: 'dev',
            domain: 'organisation',
            entityType: 'organisation-party',
            entityIds: ['party-nul'],
          },
          10,
        );
        expect(events).toEqual([
          expect.objectContaining({
            entityId: 'party-nul',
            messageId: 'event-nul',
            // The body's bytes are kept as they came, NUL included.
            bodyBase64: body.toString('base64'),
            // Headers are JSON text: the NUL survives as an escape.
            headers: expect.objectContaining({
              'x-entity-id': 'party-\u0000nul\u0000',
            }),
          }),
        ]);

        // Archiving goes on.
        await s.publish(TOTAL);
        await until('a later event stored', async () =>
          (await s.stored()) === TOTAL + 1 ? true : undefined,
        );
        expect(await s.leftInQueue()).toBe(0);
      } finally {
        await s.cleanup();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'parks an event the store refuses, stores the 999 others and goes on, on %s',
    async databaseId => {
      const s = await scenario(databaseId);
      try {
        await refuseEntityId(s.knex, databaseId.startsWith('POSTGRES'));
        const poisonBody = Buffer.from('{"poison":true}');
        for (let n = 0; n < TOTAL; n++) {
          await (n === POISON_AT
            ? s.publish(n, { entityId: REFUSED_ID, body: poisonBody })
            : s.publish(n));
        }
        const status = await until('999 stored and 1 parked', async () => {
          const stored = await s.stored();
          const [now] = await s.service.status();
          return now.parked === 1 &&
            stored === TOTAL - 1 &&
            now.archived === TOTAL - 1
            ? now
            : undefined;
        });
        expect(status.archived).toBe(TOTAL - 1);
        expect(status.recentParked).toEqual([
          expect.objectContaining({
            exchange: expect.stringMatching(/^test\.poison-events\./),
            routingKey: 'organisation.organisation-party.PartyUpdated',
            messageId: `event-${POISON_AT}`,
            reason: expect.stringContaining(
              `entity id ${REFUSED_ID} is refused by the store`,
            ),
          }),
        ]);
        // The reason is the database's message, not the whole statement.
        expect(status.recentParked[0].reason).not.toMatch(/^insert into/i);
        const [kept] = await s.parked.list('dev');
        expect(kept.body.equals(poisonBody)).toBe(true);
        expect(kept.headers).toMatchObject({ 'x-entity-id': REFUSED_ID });
        expect(kept.properties).toMatchObject({
          messageId: `event-${POISON_AT}`,
        });
        const refused = await s.knex('reconstitution_events').where({
          entity_id: REFUSED_ID,
        });
        expect(refused).toEqual([]);

        // Archiving goes on: a later event is stored.
        await s.publish(TOTAL);
        await until('a later event stored', async () =>
          (await s.stored()) === TOTAL ? true : undefined,
        );
        expect((await s.service.status())[0]).toMatchObject({ parked: 1 });
        expect(await s.leftInQueue()).toBe(0);
      } finally {
        await s.cleanup();
      }
    },
  );
});
