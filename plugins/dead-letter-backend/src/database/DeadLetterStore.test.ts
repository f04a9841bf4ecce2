import { randomUUID } from 'node:crypto';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import { Knex } from 'knex';
import { parseDeadLetter } from '../capture/parseDeadLetter';
import {
  DeadLetterStore,
  DeadLetterToInsert,
  LIST_COUNT_CAP,
} from './DeadLetterStore';

jest.setTimeout(120_000);

const TABLE = 'dead_letter_messages';
const T0 = new Date('2026-11-21T10:00:00.000Z');
const hour = 60 * 60 * 1000;

type Spec = {
  environment?: string;
  deadLetterQueue?: string;
  sourceQueue?: string;
  reason?: string;
  messageType?: string;
  messageId?: string;
  exceptionType?: string;
  body?: Buffer | string;
  headers?: Record<string, any>;
  redelivered?: boolean;
  componentRef?: string;
  ownerRef?: string;
};

/** A captured message built the way capture builds them. */
function captured(spec: Spec = {}): DeadLetterToInsert {
  const sourceQueue = spec.sourceQueue ?? 'orders';
  const reason = spec.reason ?? 'rejected';
  const parsed = parseDeadLetter(
    {
      content:
        typeof spec.body === 'string'
          ? Buffer.from(spec.body)
          : spec.body ?? Buffer.from('{"orderId":1}'),
      fields: { redelivered: spec.redelivered ?? false },
      properties: {
        contentType: 'application/json',
        messageId: spec.messageId,
        type: spec.messageType ?? 'OrderPlaced',
        headers: {
          'x-death': [
            {
              count: 1,
              reason,
              queue: sourceQueue,
              time: { '!': 'timestamp', value: T0.getTime() / 1000 },
              exchange: `${sourceQueue}.exchange`,
              'routing-keys': [`${sourceQueue}.key`],
            },
          ],
          'x-first-death-queue': sourceQueue,
          'x-first-death-reason': reason,
          'x-first-death-exchange': `${sourceQueue}.exchange`,
          ...(spec.exceptionType
            ? { 'x-exception-type': spec.exceptionType }
            : {}),
          ...spec.headers,
        },
      },
    },
    {
      environment: spec.environment ?? 'prod',
      deadLetterQueue: spec.deadLetterQueue ?? `${sourceQueue}.dlq`,
    },
  );
  return {
    ...parsed,
    componentRef: spec.componentRef,
    ownerRef: spec.ownerRef,
  };
}

describe('DeadLetterStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const store = await DeadLetterStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  /** Inserts one message per spec (one batch) and returns their ids, in order. */
  async function seed(
    knex: Knex,
    store: DeadLetterStore,
    specs: Spec[],
  ): Promise<string[]> {
    const messages = specs.map(captured);
    const result = await store.insertCaptured(messages);
    expect(result).toEqual({ inserted: specs.length, duplicates: 0 });
    const byHash = new Map<string, string[]>();
    for (const row of await knex(TABLE).select('id', 'content_hash')) {
      const list = byHash.get(row.content_hash) ?? [];
      list.push(String(row.id));
      byHash.set(row.content_hash, list);
    }
    const ids = messages.map(m => byHash.get(m.contentHash)!.shift()!);
    expect(new Set(ids).size).toBe(specs.length);
    return ids;
  }

  async function setCapturedAt(knex: Knex, id: string, at: Date) {
    await knex(TABLE).where({ id }).update({ captured_at: at });
  }

  async function listAll(
    store: DeadLetterStore,
    query: Omit<Parameters<DeadLetterStore['list']>[0], 'limit'> = {},
  ): Promise<DeadLetterSummary[]> {
    const items: DeadLetterSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ ...query, limit: 500, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  describe('migrations', () => {
    it.each(databases.eachSupportedId())(
      'creates the messages table and rolls back on %s',
      async databaseId => {
        const { knex } = await createStore(databaseId);
        expect(await knex.schema.hasTable(TABLE)).toBe(true);
        for (const column of [
          'id',
          'body',
          'body_text',
          'content_hash',
          'group_fingerprint',
          'previous_message_id',
          'resolved_at',
          'state_changed_at',
        ]) {
          expect(await knex.schema.hasColumn(TABLE, column)).toBe(true);
        }

        // Running again is a no-op.
        await DeadLetterStore.create({
          database: mockServices.database({ knex }),
        });

        await knex.migrate.rollback(
          {
            directory: resolvePackagePath(
              '@internal/backstage-plugin-dead-letter-backend',
              'migrations',
            ),
          },
          true,
        );
        expect(await knex.schema.hasTable(TABLE)).toBe(false);
      },
    );

    it.each(databases.eachSupportedId())(
      'skips migrations when the database service says so on %s',
      async databaseId => {
        const knex = await databases.init(databaseId);
        await DeadLetterStore.create({
          database: mockServices.database({
            knex,
            migrations: { skip: true },
          }),
        });
        expect(await knex.schema.hasTable(TABLE)).toBe(false);
        await DeadLetterStore.create({
          database: mockServices.database({ knex }),
          skipMigrations: true,
        });
        expect(await knex.schema.hasTable(TABLE)).toBe(false);
      },
    );
  });

  describe('insertCaptured and get', () => {
    it.each(databases.eachSupportedId())(
      'round-trips a binary body and the parsed columns on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const body = Buffer.from([0x00, 0xff, 0x10, 0x80, 0xc3, 0x28, 0x00]);
        const message = captured({
          body,
          messageId: 'm-1',
          exceptionType: 'BoomError',
          headers: { 'x-trace': Buffer.from([1, 2, 3]), 'x-n': 5 },
          componentRef: 'Component:default/Orders',
          ownerRef: 'Group:default/Team-A',
        });
        const before = Date.now();
        expect(await store.insertCaptured([message])).toEqual({
          inserted: 1,
          duplicates: 0,
        });
        const [id] = await knex(TABLE).pluck('id');

        const stored = await store.get(String(id));
        expect(stored).toBeDefined();
        expect(Buffer.from(stored!.bodyBase64, 'base64').equals(body)).toBe(
          true,
        );
        expect(stored).toMatchObject({
          id: String(id),
          environment: 'prod',
          deadLetterQueue: 'orders.dlq',
          sourceQueue: 'orders',
          reason: 'rejected',
          originalExchange: 'orders.exchange',
          originalRoutingKeys: ['orders.key'],
          messageId: 'm-1',
          messageType: 'OrderPlaced',
          exceptionType: 'BoomError',
          contentType: 'application/json',
          bodySize: body.length,
          bodyEncoding: 'binary',
          componentRef: 'component:default/orders',
          ownerRef: 'group:default/team-a',
          groupFingerprint: message.groupFingerprint,
          state: 'unresolved',
          firstDeathAt: T0.toISOString(),
          lastDeathAt: T0.toISOString(),
          replayCount: 0,
          headers: message.headers,
          properties: message.properties,
          deathHistory: message.deathHistory,
        });
        expect(stored!.headers['x-trace']).toEqual({ $binary: 'AQID' });
        expect(stored!.previousMessageId).toBeUndefined();
        expect(stored!.resolvedAt).toBeUndefined();
        const capturedAt = Date.parse(stored!.capturedAt);
        expect(capturedAt).toBeGreaterThanOrEqual(before);
        expect(capturedAt).toBeLessThanOrEqual(Date.now());
        expect(stored!.stateChangedAt).toBe(stored!.capturedAt);

        const row = await knex(TABLE).where({ id }).first();
        expect(row.body_text).toBeNull();
        expect(row.content_hash).toBe(message.contentHash);
      },
    );

    it.each(databases.eachSupportedId())(
      'round-trips a 10 MiB body exactly on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const body = Buffer.alloc(10 * 1024 * 1024);
        for (let i = 0; i < body.length; i++) {
          body[i] = (i * 7919) % 251;
        }
        const text = Buffer.alloc(10 * 1024 * 1024, 'lorem ipsum ');
        const result = await store.insertCaptured([
          captured({ body, messageId: 'binary' }),
          captured({ body: text, messageId: 'text' }),
        ]);
        expect(result).toEqual({ inserted: 2, duplicates: 0 });

        for (const [messageId, expected, encoding] of [
          ['binary', body, 'binary'],
          ['text', text, 'text'],
        ] as const) {
          const { id } = await knex(TABLE)
            .where({ message_id: messageId })
            .first('id');
          const stored = await store.get(String(id));
          expect(stored!.bodySize).toBe(10 * 1024 * 1024);
          expect(stored!.bodyEncoding).toBe(encoding);
          const bytes = Buffer.from(stored!.bodyBase64, 'base64');
          expect(bytes.length).toBe(expected.length);
          expect(bytes.equals(expected)).toBe(true);
        }
        const [textRow] = await knex(TABLE)
          .where({ message_id: 'text' })
          .select('body_text');
        expect(textRow.body_text.length).toBe(64 * 1024);
      },
    );

    it.each(databases.eachSupportedId())(
      'returns undefined for unknown or malformed ids on %s',
      async databaseId => {
        const { store } = await createStore(databaseId);
        await store.insertCaptured([captured()]);
        expect(await store.get(randomUUID())).toBeUndefined();
        expect(await store.get('not-a-uuid')).toBeUndefined();
        expect(await store.get("'; drop table dead_letter_messages; --")).toBe(
          undefined,
        );
      },
    );

    it.each(databases.eachSupportedId())(
      'finds a message by an upper-case id on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        await store.insertCaptured([captured()]);
        const [id] = await knex(TABLE).pluck('id');
        const stored = await store.get(String(id).toUpperCase());
        expect(stored?.id).toBe(String(id));
      },
    );

    it('waits for a concurrent store of the same content before checking a redelivery on POSTGRES_15', async () => {
      const { knex, store } = await createStore('POSTGRES_15');
      const original = captured({ body: 'in flight elsewhere' });
      const redelivery = captured({
        body: 'in flight elsewhere',
        redelivered: true,
      });
      // Another instance is storing the original and has not committed yet.
      const elsewhere = await knex.transaction();
      const storeElsewhere = await DeadLetterStore.create({
        database: mockServices.database({ knex: elsewhere as any }),
        skipMigrations: true,
      });
      await storeElsewhere.insertCaptured([original]);

      let settled = false;
      const checking = store.insertCaptured([redelivery]).then(result => {
        settled = true;
        return result;
      });
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await elsewhere.commit();

      expect(await checking).toEqual({ inserted: 0, duplicates: 1 });
      expect(
        await knex(TABLE).where({ content_hash: original.contentHash }),
      ).toHaveLength(1);
    });

    it.each(databases.eachSupportedId())(
      'skips a broker redelivery but keeps identical separate deliveries on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const original = captured({ body: 'same bytes' });
        const redelivery = captured({ body: 'same bytes', redelivered: true });
        const separate = captured({ body: 'same bytes' });
        expect(redelivery.contentHash).toBe(original.contentHash);
        expect(separate.contentHash).toBe(original.contentHash);

        expect(await store.insertCaptured([original])).toEqual({
          inserted: 1,
          duplicates: 0,
        });
        expect(await store.insertCaptured([redelivery])).toEqual({
          inserted: 0,
          duplicates: 1,
        });
        expect(await store.insertCaptured([separate])).toEqual({
          inserted: 1,
          duplicates: 0,
        });
        expect(await store.insertCaptured([separate, separate])).toEqual({
          inserted: 2,
          duplicates: 0,
        });
        const rows = await knex(TABLE).where({
          content_hash: original.contentHash,
        });
        expect(rows).toHaveLength(4);
      },
    );

    it.each(databases.eachSupportedId())(
      'dedupes a redelivery within one batch and stores a redelivery never stored before on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const a = captured({ body: 'a' });
        const aAgain = captured({ body: 'a', redelivered: true });
        const bFirstSeenRedelivered = captured({
          body: 'b',
          redelivered: true,
        });
        const bAgain = captured({ body: 'b', redelivered: true });
        expect(
          await store.insertCaptured([
            a,
            aAgain,
            bFirstSeenRedelivered,
            bAgain,
          ]),
        ).toEqual({ inserted: 2, duplicates: 2 });
        const bodies = (await knex(TABLE).select('body'))
          .map((r: { body: Buffer }) => Buffer.from(r.body).toString())
          .sort();
        expect(bodies).toEqual(['a', 'b']);
      },
    );

    it.each(databases.eachSupportedId())(
      'inserts and dedupes batches larger than one statement on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const messages = Array.from({ length: 1200 }, (_, i) =>
          captured({
            body: `{"n":${i}}`,
            messageId: `m-${i}`,
            sourceQueue: `queue-${i % 7}`,
          }),
        );
        expect(await store.insertCaptured(messages)).toEqual({
          inserted: 1200,
          duplicates: 0,
        });
        const redelivered = messages.map(m => ({ ...m, redelivered: true }));
        expect(await store.insertCaptured(redelivered)).toEqual({
          inserted: 0,
          duplicates: 1200,
        });
        const [{ n }] = await knex(TABLE).count('* as n');
        expect(Number(n)).toBe(1200);
        const ids = await knex(TABLE).pluck('id');
        expect(new Set(ids.map(String)).size).toBe(1200);
      },
    );

    it.each(databases.eachSupportedId())(
      'does nothing for an empty batch on %s',
      async databaseId => {
        const { store } = await createStore(databaseId);
        expect(await store.insertCaptured([])).toEqual({
          inserted: 0,
          duplicates: 0,
        });
      },
    );

    it.each(databases.eachSupportedId())(
      'keeps the body text of text, JSON, NUL, byte-order-mark and binary bodies on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const bodies: Array<[Buffer, string | null]> = [
          [Buffer.from('{"name":"Zoë","note":"line\\nbreak"}'), null],
          [Buffer.from('plain ünïcödé text 🚀'), null],
          [Buffer.from('a\u0000b'), 'ab'],
          [Buffer.from('\ufeff{"bom":true}'), '{"bom":true}'],
          [Buffer.from([0xff, 0xfe, 0x00]), null],
        ];
        await store.insertCaptured(bodies.map(([body]) => captured({ body })));
        const rows: Array<{ body: Buffer; body_text: string | null }> =
          await knex(TABLE).select('body', 'body_text');
        for (const [body, expected] of bodies) {
          const row = rows.find(r => Buffer.from(r.body).equals(body));
          const text =
            body[0] === 0xff ? null : expected ?? body.toString('utf8');
          expect({ body: body.toString('hex'), text: row?.body_text }).toEqual({
            body: body.toString('hex'),
            text,
          });
        }
      },
    );

    it.each(databases.eachSupportedId())(
      'stores NUL characters, HTML and quotes in headers and text on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const message = captured({
          body: 'a\u0000b <script>alert("x")</script>',
          headers: { 'x-weird': 'nul\u0000 quote\' "double" back\\slash' },
        });
        await store.insertCaptured([message]);
        const [id] = await knex(TABLE).pluck('id');
        const stored = await store.get(String(id));
        expect(Buffer.from(stored!.bodyBase64, 'base64').toString()).toBe(
          'a\u0000b <script>alert("x")</script>',
        );
        expect(stored!.headers['x-weird']).toBe(
          'nul\u0000 quote\' "double" back\\slash',
        );
      },
    );
  });

  describe('previous lives', () => {
    it.each(databases.eachSupportedId())(
      'links a message that died again to its earlier life on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        await store.insertCaptured([captured({ messageId: 'first-life' })]);
        const { id: firstId } = await knex(TABLE)
          .where({ message_id: 'first-life' })
          .first('id');

        await store.insertCaptured([
          captured({
            messageId: 'second-life',
            headers: {
              'x-portal-dead-letter-id': String(firstId).toUpperCase(),
              'x-portal-replay-count': 1,
              'x-portal-replay-job': 'job-1',
            },
          }),
          captured({
            messageId: 'unknown-life',
            headers: { 'x-portal-dead-letter-id': randomUUID() },
          }),
          captured({
            messageId: 'garbage-life',
            headers: { 'x-portal-dead-letter-id': 'not-a-uuid' },
          }),
        ]);

        const byMessageId = async (messageId: string) => {
          const { id } = await knex(TABLE)
            .where({ message_id: messageId })
            .first('id');
          return (await store.get(String(id)))!;
        };
        const second = await byMessageId('second-life');
        expect(second.previousMessageId).toBe(String(firstId));
        expect(second.replayCount).toBe(1);
        expect(second.replayJobId).toBe('job-1');
        expect((await byMessageId('unknown-life')).previousMessageId).toBe(
          undefined,
        );
        expect((await byMessageId('garbage-life')).previousMessageId).toBe(
          undefined,
        );
        const listed = await listAll(store);
        expect(
          listed.find(m => m.messageId === 'second-life')?.previousMessageId,
        ).toBe(String(firstId));
      },
    );
  });

  describe('list', () => {
    /**
     * a..f, captured an hour apart (a oldest). b is discarded.
     */
    async function seedListData(databaseId: TestDatabaseId) {
      const { knex, store } = await createStore(databaseId);
      const [a, b, c, d, e, f] = await seed(knex, store, [
        {
          sourceQueue: 'orders',
          body: 'shipment 100% done a_b',
          ownerRef: 'group:default/team-a',
          componentRef: 'component:default/orders',
        },
        {
          sourceQueue: 'payments',
          reason: 'expired',
          messageType: 'PaymentTaken',
          body: 'payment failed',
          ownerRef: 'group:default/team-b',
          componentRef: 'component:default/payments',
        },
        {
          sourceQueue: 'mystery',
          body: 'mystery',
          headers: { 'x-note': 'Needle in the headers' },
        },
        {
          environment: 'staging',
          sourceQueue: 'orders',
          body: 'staging shipment',
          ownerRef: 'group:default/team-a',
          componentRef: 'component:default/orders',
        },
        {
          sourceQueue: 'orders',
          messageType: 'BinaryThing',
          messageId: 'ID-with-NEEDLE',
          body: Buffer.from([0xff, 0x00, 0xfe]),
          ownerRef: 'group:default/team-a',
          componentRef: 'component:default/orders',
        },
        {
          sourceQueue: 'orders',
          body: 'shipment 1000 done axb',
          ownerRef: 'group:default/team-a',
          componentRef: 'component:default/orders',
        },
      ]);
      const ids = { a, b, c, d, e, f };
      const order = [a, b, c, d, e, f];
      for (let i = 0; i < order.length; i++) {
        await setCapturedAt(knex, order[i], new Date(T0.getTime() + i * hour));
      }
      await knex(TABLE).where({ id: b }).update({ state: 'discarded' });
      const names = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
      const list = async (
        query: Omit<Parameters<DeadLetterStore['list']>[0], 'limit'>,
      ) => {
        const page = await store.list({ ...query, limit: 100 });
        expect(page.totalEstimate).toBe(page.items.length);
        expect(page.nextCursor).toBeUndefined();
        return page.items.map(item => names.get(item.id));
      };
      return { knex, store, ids, list };
    }

    it.each(databases.eachSupportedId())(
      'lists newest first without bodies on %s',
      async databaseId => {
        const { store, list } = await seedListData(databaseId);
        expect(await list({})).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
        const { items } = await store.list({ limit: 1 });
        expect(items[0]).not.toHaveProperty('bodyBase64');
        expect(items[0]).not.toHaveProperty('headers');
        expect(items[0]).not.toHaveProperty('bodyText');
        expect(items[0].capturedAt).toBe(
          new Date(T0.getTime() + 5 * hour).toISOString(),
        );
      },
    );

    it.each(databases.eachSupportedId())(
      'filters by environment, state, component, queue, reason and group on %s',
      async databaseId => {
        const { store, ids, list } = await seedListData(databaseId);
        expect(await list({ environment: 'staging' })).toEqual(['d']);
        expect(await list({ environment: 'prod' })).toEqual([
          'f',
          'e',
          'c',
          'b',
          'a',
        ]);
        expect(await list({ states: ['discarded'] })).toEqual(['b']);
        expect(
          await list({ environment: 'prod', states: ['unresolved'] }),
        ).toEqual(['f', 'e', 'c', 'a']);
        expect(await list({ states: ['replayed', 'discarded'] })).toEqual([
          'b',
        ]);
        expect(await list({ states: [] })).toEqual([]);
        expect(
          await list({ componentRef: 'Component:default/payments' }),
        ).toEqual(['b']);
        expect(await list({ sourceQueue: 'orders' })).toEqual([
          'f',
          'e',
          'd',
          'a',
        ]);
        expect(await list({ reason: 'expired' })).toEqual(['b']);
        const a = (await store.get(ids.a))!;
        expect(await list({ groupFingerprint: a.groupFingerprint })).toEqual([
          'f',
          'a',
        ]);
      },
    );

    it.each(databases.eachSupportedId())(
      'filters by owners, with and without unowned on %s',
      async databaseId => {
        const { list } = await seedListData(databaseId);
        expect(await list({ ownerRefs: ['group:default/team-a'] })).toEqual([
          'f',
          'e',
          'd',
          'a',
        ]);
        expect(
          await list({
            ownerRefs: ['Group:Default/Team-A'],
            environment: 'prod',
          }),
        ).toEqual(['f', 'e', 'a']);
        expect(
          await list({
            ownerRefs: ['group:default/team-a'],
            includeUnowned: true,
          }),
        ).toEqual(['f', 'e', 'd', 'c', 'a']);
        expect(
          await list({
            ownerRefs: ['group:default/team-b', 'group:default/nobody'],
          }),
        ).toEqual(['b']);
        expect(await list({ ownerRefs: [], includeUnowned: true })).toEqual([
          'c',
        ]);
        expect(await list({ ownerRefs: [] })).toEqual([]);
        // includeUnowned only widens an owner filter.
        expect(await list({ includeUnowned: true })).toHaveLength(6);
        expect(
          await list({
            ownerRefs: ['group:default/team-a'],
            includeUnowned: true,
            environment: 'prod',
            states: ['unresolved'],
          }),
        ).toEqual(['f', 'e', 'c', 'a']);
      },
    );

    it.each(databases.eachSupportedId())(
      'filters by capture time range on %s',
      async databaseId => {
        const { list } = await seedListData(databaseId);
        expect(
          await list({
            from: new Date(T0.getTime() + 1 * hour),
            to: new Date(T0.getTime() + 3 * hour),
          }),
        ).toEqual(['c', 'b']);
        expect(await list({ from: new Date(T0.getTime() + 4 * hour) })).toEqual(
          ['f', 'e'],
        );
        expect(await list({ to: new Date(T0.getTime() + 1) })).toEqual(['a']);
        expect(await list({ to: T0 })).toEqual([]);
      },
    );

    it.each(databases.eachSupportedId())(
      'searches text in body, headers and message id, escaping wildcards on %s',
      async databaseId => {
        const { knex, store: scanning } = await seedListData(databaseId);
        // Checking the newest messages directly, or asking the index (0).
        const indexOnly = await DeadLetterStore.create({
          database: mockServices.database({ knex }),
          searchScanBudget: 0,
        });
        const names = new Map(
          (await scanning.list({ limit: 10 })).items.map((item, i) => [
            item.id,
            'fedcba'[i],
          ]),
        );
        // Not yet indexed (found in the backlog), then through the index.
        for (const [indexed, store] of [
          [false, scanning],
          [false, indexOnly],
          [true, scanning],
          [true, indexOnly],
        ] as const) {
          if (indexed) {
            await store.indexSearchBacklog(100);
          }
          expect(await store.searchBacklog()).toBe(
            indexed || !store.searchIndexed ? 0 : 6,
          );
          const list = async (
            query: Omit<Parameters<DeadLetterStore['list']>[0], 'limit'>,
          ) => {
            const page = await store.list({ ...query, limit: 100 });
            expect(page.totalEstimate).toBe(page.items.length);
            return page.items.map(item => names.get(item.id));
          };
          expect(await list({ text: '100%' })).toEqual(['a']);
          expect(await list({ text: 'SHIPMENT 100% DONE' })).toEqual(['a']);
          expect(await list({ text: 'a_b' })).toEqual(['a']);
          expect(await list({ text: '%' })).toEqual(['a']);
          expect(await list({ text: 'needle' })).toEqual(['e', 'c']);
          expect(await list({ text: 'shipment' })).toEqual(['f', 'd', 'a']);
          expect(
            await list({ text: 'shipment', environment: 'staging' }),
          ).toEqual(['d']);
          expect(await list({ text: '\\' })).toEqual([]);
          expect(await list({ text: 'nothing like this' })).toEqual([]);
          // c's headers end with '}' and its body starts with 'mystery'.
          expect(await list({ text: 'mystery' })).toEqual(['c']);
          expect(await list({ text: '}\nmystery' })).toEqual([]);
          expect(await list({ text: '   ' })).toHaveLength(6);
        }
      },
    );

    it.each(databases.eachSupportedId())(
      'walks every row exactly once with the cursor, even with equal capture times, on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        // Two batches: every row of a batch has the same captured_at.
        await store.insertCaptured(
          Array.from({ length: 23 }, (_, i) => captured({ body: `a${i}` })),
        );
        await store.insertCaptured(
          Array.from({ length: 14 }, (_, i) => captured({ body: `b${i}` })),
        );
        // And a few more sharing one explicit time with some of the others.
        const shared = new Date(T0.getTime() + 7);
        const some = await knex(TABLE).limit(9).pluck('id');
        for (const id of some) {
          await setCapturedAt(knex, String(id), shared);
        }

        const expected = (await knex(TABLE).select('id', 'captured_at'))
          .map((r: { id: string; captured_at: Date | number }) => ({
            id: String(r.id),
            at: new Date(r.captured_at).getTime(),
          }))
          .sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1))
          .map(r => r.id);
        expect(expected).toHaveLength(37);

        for (const limit of [1, 5, 9, 37, 500]) {
          const seen: string[] = [];
          let cursor: string | undefined;
          const totals: Array<number | undefined> = [];
          do {
            const page = await store.list({ limit, cursor });
            totals.push(page.totalEstimate);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map(i => i.id));
            cursor = page.nextCursor;
            expect(totals.length).toBeLessThanOrEqual(40);
          } while (cursor);
          expect(seen).toEqual(expected);
          // Counted for the first page only.
          expect(totals).toEqual([
            37,
            ...Array(Math.ceil(37 / limit) - 1).fill(undefined),
          ]);
          expect(new Set(seen).size).toBe(37);
        }
      },
    );

    it.each(databases.eachSupportedId())(
      'counts a first page up to LIST_COUNT_CAP on %s',
      async databaseId => {
        const { store } = await createStore(databaseId);
        for (let i = 0; i < LIST_COUNT_CAP; i += 1000) {
          await store.insertCaptured(
            Array.from({ length: 1000 }, (_, j) =>
              captured({ body: `p${i + j}`, environment: 'prod' }),
            ),
          );
        }
        await store.insertCaptured([captured({ environment: 'dev' })]);

        const all = await store.list({ limit: 5 });
        expect(all.items).toHaveLength(5);
        expect(all.totalEstimate).toBe(LIST_COUNT_CAP);
        expect(all.totalCapped).toBe(true);

        const prod = await store.list({ environment: 'prod', limit: 5 });
        expect(prod.totalEstimate).toBe(LIST_COUNT_CAP);
        expect(prod.totalCapped).toBeUndefined();

        const dev = await store.list({ environment: 'dev', limit: 5 });
        expect(dev.totalEstimate).toBe(1);
        expect(dev.totalCapped).toBeUndefined();

        const next = await store.list({ limit: 5, cursor: all.nextCursor });
        expect(next.totalEstimate).toBeUndefined();
        expect(next.totalCapped).toBeUndefined();
      },
    );

    it.each(databases.eachSupportedId())(
      'keeps the cursor within the filter on %s',
      async databaseId => {
        const { store } = await createStore(databaseId);
        await store.insertCaptured([
          ...Array.from({ length: 6 }, (_, i) =>
            captured({ body: `p${i}`, environment: 'prod' }),
          ),
          ...Array.from({ length: 4 }, (_, i) =>
            captured({ body: `s${i}`, environment: 'staging' }),
          ),
        ]);
        const first = await store.list({ environment: 'staging', limit: 3 });
        expect(first.items).toHaveLength(3);
        expect(first.totalEstimate).toBe(4);
        const second = await store.list({
          environment: 'staging',
          limit: 3,
          cursor: first.nextCursor,
        });
        expect(second.items).toHaveLength(1);
        expect(second.nextCursor).toBeUndefined();
        expect(
          [...first.items, ...second.items].every(
            i => i.environment === 'staging',
          ),
        ).toBe(true);
      },
    );

    it.each(databases.eachSupportedId())(
      'rejects bad cursors and limits with an InputError naming the field on %s',
      async databaseId => {
        const { store } = await createStore(databaseId);
        await store.insertCaptured([captured()]);
        const badCursors = [
          'not base64!',
          '',
          Buffer.from('not json').toString('base64url'),
          Buffer.from('[]').toString('base64url'),
          Buffer.from('{"t":"x","i":"y"}').toString('base64url'),
          Buffer.from(
            JSON.stringify({ t: Date.now(), i: 'not-a-uuid' }),
          ).toString('base64url'),
          Buffer.from(JSON.stringify({ t: 1e20, i: randomUUID() })).toString(
            'base64url',
          ),
        ];
        for (const cursor of badCursors) {
          const attempt = store.list({ limit: 10, cursor });
          await expect(attempt).rejects.toThrow(InputError);
          await expect(store.list({ limit: 10, cursor })).rejects.toThrow(
            /cursor/,
          );
        }
        for (const limit of [0, -1, 501, 1.5, NaN, '10' as any]) {
          await expect(store.list({ limit })).rejects.toThrow(InputError);
          await expect(store.list({ limit })).rejects.toThrow(/limit/);
        }
        await expect(
          store.list({ limit: 10, states: ['bogus' as any] }),
        ).rejects.toThrow(/states/);
        await expect(
          store.list({ limit: 10, from: new Date('nope') }),
        ).rejects.toThrow(/from/);
        await expect(
          store.list({ limit: 10, text: 'x'.repeat(501) }),
        ).rejects.toThrow(/text/);
        // The boundaries are fine.
        expect((await store.list({ limit: 1 })).items).toHaveLength(1);
        expect((await store.list({ limit: 500 })).items).toHaveLength(1);
      },
    );
  });

  describe('search index', () => {
    it.each(databases.eachSupportedId())(
      'indexes captured messages in batches and drops deleted ones on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const [a, b, c] = await seed(knex, store, [
          { body: 'alpha order' },
          { body: 'beta order', messageId: 'M-42' },
          { body: 'gamma', headers: { 'x-note': 'order in a header' } },
        ]);
        // Without trigrams (SQLite), search scans: there is nothing to index.
        const postgres = databaseId.startsWith('POSTGRES');
        const documents = async () =>
          postgres
            ? (await knex('dead_letter_search').pluck('message_id'))
                .map(String)
                .sort()
            : undefined;
        expect(store.searchIndexed).toBe(postgres);
        expect(await store.searchBacklog()).toBe(postgres ? 3 : 0);
        expect(await store.indexSearchBacklog(2)).toBe(postgres ? 2 : 0);
        expect(await store.searchBacklog()).toBe(postgres ? 1 : 0);
        expect(await store.indexSearchBacklog(2)).toBe(postgres ? 1 : 0);
        expect(await store.indexSearchBacklog(2)).toBe(0);
        expect(await documents()).toEqual(
          postgres ? [a, b, c].sort() : undefined,
        );

        const found = async (text: string) =>
          (await store.list({ text, limit: 10 })).items.map(i => i.id).sort();
        expect(await found('ORDER')).toEqual([a, b, c].sort());
        expect(await found('m-42')).toEqual([b]);

        // Deleting a message (retention) takes its search document with it.
        await knex(TABLE).where({ id: a }).delete();
        expect(await found('order')).toEqual([b, c].sort());
        expect(await documents()).toEqual(postgres ? [b, c].sort() : undefined);
      },
    );
  });

  describe('counts', () => {
    it.each(databases.eachSupportedId())(
      'counts by environment, owner and state on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const ids = await seed(knex, store, [
          { ownerRef: 'group:default/team-a', body: '1' },
          { ownerRef: 'group:default/team-a', body: '2' },
          { ownerRef: 'group:default/team-a', body: '3' },
          { ownerRef: 'group:default/team-b', body: '4' },
          { body: '5' },
          { environment: 'staging', ownerRef: 'group:default/team-a' },
        ]);
        await knex(TABLE).where({ id: ids[0] }).update({ state: 'replayed' });

        const sortCounts = (counts: Awaited<ReturnType<typeof store.counts>>) =>
          [...counts].sort((x, y) =>
            `${x.environment}|${x.ownerRef}|${x.state}`.localeCompare(
              `${y.environment}|${y.ownerRef}|${y.state}`,
            ),
          );

        expect(sortCounts(await store.counts({}))).toEqual([
          {
            environment: 'prod',
            ownerRef: 'group:default/team-a',
            state: 'replayed',
            count: 1,
          },
          {
            environment: 'prod',
            ownerRef: 'group:default/team-a',
            state: 'unresolved',
            count: 2,
          },
          {
            environment: 'prod',
            ownerRef: 'group:default/team-b',
            state: 'unresolved',
            count: 1,
          },
          { environment: 'prod', state: 'unresolved', count: 1 },
          {
            environment: 'staging',
            ownerRef: 'group:default/team-a',
            state: 'unresolved',
            count: 1,
          },
        ]);
        expect(
          sortCounts(
            await store.counts({
              ownerRefs: ['group:default/team-a'],
              states: ['unresolved'],
            }),
          ),
        ).toEqual([
          {
            environment: 'prod',
            ownerRef: 'group:default/team-a',
            state: 'unresolved',
            count: 2,
          },
          {
            environment: 'staging',
            ownerRef: 'group:default/team-a',
            state: 'unresolved',
            count: 1,
          },
        ]);
        expect(
          sortCounts(
            await store.counts({
              ownerRefs: ['group:default/team-b'],
              includeUnowned: true,
            }),
          ),
        ).toEqual([
          {
            environment: 'prod',
            ownerRef: 'group:default/team-b',
            state: 'unresolved',
            count: 1,
          },
          { environment: 'prod', state: 'unresolved', count: 1 },
        ]);
        expect(await store.counts({ states: ['discarded'] })).toEqual([]);
        await expect(store.counts({ states: ['nope' as any] })).rejects.toThrow(
          InputError,
        );
      },
    );
  });

  describe('failureGroups', () => {
    it.each(databases.eachSupportedId())(
      'groups by fingerprint with counts and first and last capture on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        const ids = await seed(knex, store, [
          {
            sourceQueue: 'orders',
            exceptionType: 'Boom',
            ownerRef: 'group:default/team-a',
            componentRef: 'component:default/orders',
            body: '1',
          },
          {
            sourceQueue: 'orders',
            exceptionType: 'Boom',
            ownerRef: 'group:default/team-a',
            componentRef: 'component:default/orders',
            body: '2',
          },
          {
            sourceQueue: 'orders',
            exceptionType: 'Boom',
            ownerRef: 'group:default/team-a',
            componentRef: 'component:default/orders',
            body: '3',
          },
          { sourceQueue: 'orders', exceptionType: 'Other', body: '4' },
          {
            sourceQueue: 'payments',
            reason: 'expired',
            messageType: 'PaymentTaken',
            body: '5',
          },
          { environment: 'staging', sourceQueue: 'orders', body: '6' },
        ]);
        for (let i = 0; i < ids.length; i++) {
          await setCapturedAt(knex, ids[i], new Date(T0.getTime() + i * hour));
        }
        await knex(TABLE).where({ id: ids[2] }).update({ state: 'discarded' });
        const boom = (await store.get(ids[0]))!.groupFingerprint;
        const other = (await store.get(ids[3]))!.groupFingerprint;
        const payments = (await store.get(ids[4]))!.groupFingerprint;

        const groups = await store.failureGroups({ environment: 'prod' });
        expect(groups).toEqual([
          {
            fingerprint: boom,
            environment: 'prod',
            sourceQueue: 'orders',
            reason: 'rejected',
            messageType: 'OrderPlaced',
            exceptionType: 'Boom',
            componentRef: 'component:default/orders',
            ownerRef: 'group:default/team-a',
            count: 3,
            firstSeen: T0.toISOString(),
            lastSeen: new Date(T0.getTime() + 2 * hour).toISOString(),
          },
          {
            fingerprint: payments,
            environment: 'prod',
            sourceQueue: 'payments',
            reason: 'expired',
            messageType: 'PaymentTaken',
            count: 1,
            firstSeen: new Date(T0.getTime() + 4 * hour).toISOString(),
            lastSeen: new Date(T0.getTime() + 4 * hour).toISOString(),
          },
          {
            fingerprint: other,
            environment: 'prod',
            sourceQueue: 'orders',
            reason: 'rejected',
            messageType: 'OrderPlaced',
            exceptionType: 'Other',
            count: 1,
            firstSeen: new Date(T0.getTime() + 3 * hour).toISOString(),
            lastSeen: new Date(T0.getTime() + 3 * hour).toISOString(),
          },
        ]);

        const unresolved = await store.failureGroups({
          environment: 'prod',
          states: ['unresolved'],
          ownerRefs: ['group:default/team-a'],
        });
        expect(unresolved).toEqual([
          expect.objectContaining({
            fingerprint: boom,
            count: 2,
            firstSeen: T0.toISOString(),
            lastSeen: new Date(T0.getTime() + 1 * hour).toISOString(),
          }),
        ]);

        const withUnowned = await store.failureGroups({
          environment: 'prod',
          ownerRefs: ['group:default/team-a'],
          includeUnowned: true,
        });
        expect(withUnowned.map(g => g.fingerprint)).toEqual([
          boom,
          payments,
          other,
        ]);

        const staging = await store.failureGroups({ environment: 'staging' });
        expect(staging).toHaveLength(1);
        expect(staging[0].count).toBe(1);
        expect(staging[0].fingerprint).not.toBe(boom);
        expect(await store.failureGroups({ environment: 'dev' })).toEqual([]);
      },
    );
  });

  describe('assignOwners', () => {
    it.each(databases.eachSupportedId())(
      'remaps owners by queue and unmaps queues missing from the mapping on %s',
      async databaseId => {
        const { knex, store } = await createStore(databaseId);
        await seed(knex, store, [
          { sourceQueue: 'orders', body: '1' },
          { sourceQueue: 'orders', body: '2' },
          { environment: 'staging', sourceQueue: 'orders', body: '3' },
          {
            sourceQueue: 'payments',
            ownerRef: 'group:default/old-team',
            componentRef: 'component:default/payments',
            body: '4',
          },
          {
            sourceQueue: 'legacy',
            ownerRef: 'group:default/team-z',
            componentRef: 'component:default/legacy',
            body: '5',
          },
          { sourceQueue: 'unowned', body: '6' },
        ]);

        const mapping = [
          {
            sourceQueue: 'orders',
            componentRef: 'component:default/orders',
            ownerRef: 'Group:default/Team-A',
          },
          {
            environment: 'staging',
            sourceQueue: 'orders',
            componentRef: 'component:default/orders-staging',
            ownerRef: 'group:default/team-staging',
          },
          {
            sourceQueue: 'payments',
            componentRef: 'component:default/payments',
            ownerRef: 'group:default/team-b',
          },
        ];
        // orders x2 (prod), orders (staging), payments owner, legacy unmapped.
        expect(await store.assignOwners(mapping)).toBe(5);
        // Nothing changes the second time.
        expect(await store.assignOwners(mapping)).toBe(0);

        const owners = async () =>
          Object.fromEntries(
            (await listAll(store)).map(m => [
              `${m.environment}/${m.sourceQueue}`,
              [m.componentRef, m.ownerRef],
            ]),
          );
        expect(await owners()).toEqual({
          'prod/orders': ['component:default/orders', 'group:default/team-a'],
          'staging/orders': [
            'component:default/orders-staging',
            'group:default/team-staging',
          ],
          'prod/payments': [
            'component:default/payments',
            'group:default/team-b',
          ],
          'prod/legacy': [undefined, undefined],
          'prod/unowned': [undefined, undefined],
        });
        expect(
          (await store.list({ ownerRefs: ['group:default/team-a'], limit: 10 }))
            .items,
        ).toHaveLength(2);

        // The catalog lost the orders component: everything becomes unowned.
        expect(await store.assignOwners([])).toBe(4);
        expect(
          (await listAll(store)).every(
            m => m.ownerRef === undefined && m.componentRef === undefined,
          ),
        ).toBe(true);
      },
    );
  });
});
