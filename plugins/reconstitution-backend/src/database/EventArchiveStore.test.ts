import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EventArchiveStore, EventToArchive } from './EventArchiveStore';

jest.setTimeout(60_000);

function event(n: number, over: Partial<EventToArchive> = {}): EventToArchive {
  return {
    environment: 'dev',
    domain: 'organisation',
    entityType: 'organisation-party',
    messageId: `msg-${n}`,
    entityId: `party-${n % 3}`,
    eventName: n % 2 === 0 ? 'PartyCreated' : 'PartyUpdated',
    occurredAt: new Date(Date.UTC(2026, 9, 31, 23, 59, 58) + n * 1000),
    exchange: 'organisation.events',
    routingKey: 'organisation.party.updated',
    headers: { 'x-tenant': 'meridian', n },
    properties: { contentType: 'application/json', messageId: `msg-${n}` },
    body: Buffer.from(JSON.stringify({ n })),
    ...over,
  };
}

describe('EventArchiveStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'archives idempotently and selects exactly what was asked on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      // Spans two months: Oct 31 23:59:58 + 0..9 s.
      const events = Array.from({ length: 10 }, (_, n) => event(n));
      const other = event(100, {
        domain: 'payments',
        entityType: 'payment',
        eventName: 'PaymentSettled',
      });
      expect(await store.archive([...events, other])).toEqual({
        archived: 11,
        duplicates: 0,
      });
      // A redelivery of the same events stores nothing new.
      expect(await store.archive(events.slice(0, 4))).toEqual({
        archived: 0,
        duplicates: 4,
      });

      const producer = {
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
      };
      const all = await store.dryRun(producer, 3);
      expect(all.total).toBe(10);
      expect(all.byEventName).toEqual([
        { eventName: 'PartyCreated', count: 5 },
        { eventName: 'PartyUpdated', count: 5 },
      ]);
      expect(all.sample.map(e => e.messageId)).toEqual([
        'msg-0',
        'msg-1',
        'msg-2',
      ]);

      const narrowed = await store.dryRun({
        ...producer,
        from: new Date(Date.UTC(2026, 10, 1)).toISOString(),
        to: new Date(Date.UTC(2026, 10, 1, 0, 0, 6)).toISOString(),
        entityIds: ['party-0', 'party-1'],
        eventNames: ['PartyCreated'],
      });
      // Nov 1 00:00:00..05 holds n = 2..7; created: 2, 4, 6; party-0/1: 4 (1), 6 (0).
      expect(narrowed.total).toBe(2);
      expect(narrowed.sample.map(e => e.messageId)).toEqual(['msg-4', 'msg-6']);

      // Pages in delivery order, resuming after the last position.
      const first = await store.page(producer, 4);
      expect(first.events.map(e => e.messageId)).toEqual([
        'msg-0',
        'msg-1',
        'msg-2',
        'msg-3',
      ]);
      const rest = await store.page(producer, 100, first.next);
      expect(rest.events.map(e => e.messageId)).toEqual(
        events.slice(4).map(e => e.messageId),
      );
      expect(rest.next).toBeUndefined();
      const stored = rest.events[0];
      expect(stored).toMatchObject({
        entityId: 'party-1',
        eventName: 'PartyCreated',
        headers: { 'x-tenant': 'meridian', n: 4 },
        routingKey: 'organisation.party.updated',
      });
      expect(Buffer.from(stored.bodyBase64, 'base64').toString()).toBe(
        '{"n":4}',
      );

      // Many entity ids in one selection.
      const manyIds = Array.from({ length: 20_000 }, (_, i) => `party-${i}`);
      expect(
        (await store.dryRun({ ...producer, entityIds: manyIds })).total,
      ).toBe(10);

      await expect(
        store.dryRun({
          ...producer,
          from: '2026-11-02T00:00:00Z',
          to: '2026-11-01T00:00:00Z',
        }),
      ).rejects.toThrow(/Invalid to: must be after from/);
      await expect(
        store.dryRun({ ...producer, from: 'yesterday' }),
      ).rejects.toThrow(/Invalid from/);

      expect(await store.producers('dev')).toEqual([
        {
          source: 'archive',
          environment: 'dev',
          domain: 'organisation',
          entityType: 'organisation-party',
          eventNames: ['PartyCreated', 'PartyUpdated'],
          events: 10,
          firstOccurredAt: events[0].occurredAt.toISOString(),
          lastOccurredAt: events[9].occurredAt.toISOString(),
        },
        expect.objectContaining({ domain: 'payments', events: 1 }),
      ]);
    },
  );

  it('keeps one partition per month on POSTGRES_15', async () => {
    const knex = await databases.init('POSTGRES_15');
    const store = await EventArchiveStore.create({
      database: mockServices.database({ knex }),
    });
    await store.archive(Array.from({ length: 4 }, (_, n) => event(n)));
    // A second store (another instance) finds the partitions there.
    const again = await EventArchiveStore.create({
      database: mockServices.database({ knex }),
    });
    await again.archive([event(50)]);
    const partitions = await knex.raw(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'reconstitution_events'::regclass ORDER BY 1`,
    );
    expect(partitions.rows.map((r: any) => r.relname)).toEqual([
      'reconstitution_events_y2026m10',
      'reconstitution_events_y2026m11',
    ]);
  });

  it.each(databases.eachSupportedId())(
    'drops events past retention and keeps the producer summary true on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      const other = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
        skipMigrations: true,
      });
      // Oct 31 23:59:58 and 59 are October; the rest November.
      await store.archive(Array.from({ length: 6 }, (_, n) => event(n)));
      await other.archive([event(7)]);
      const cutoff = new Date(Date.UTC(2026, 10, 1, 0, 0, 1));
      const { removed, months } = await store.dropBefore(cutoff);
      expect(removed).toBe(2);
      // Postgres drops the month's partition; SQLite deletes rows.
      expect(months).toEqual(databaseId === 'POSTGRES_15' ? ['2026-10'] : []);
      const selection = {
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
      };
      expect((await store.dryRun(selection)).total).toBe(5);
      const [producer] = await store.producers('dev');
      expect(producer).toMatchObject({
        events: 5,
        firstOccurredAt: '2026-11-01T00:00:00.000Z',
      });
      // The other instance still believes October exists; a late October
      // event is kept all the same.
      await other.archive([event(1, { messageId: 'late' })]);
      expect((await store.dryRun(selection)).total).toBe(6);
      // Nothing to do the second time.
      expect(
        (await store.dropBefore(new Date(Date.UTC(2026, 9, 1)))).removed,
      ).toBe(0);
    },
  );
});
