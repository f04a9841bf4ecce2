import { randomUUID } from 'node:crypto';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  captured,
  createDatabase,
  listAll,
  T0,
  TABLE,
} from './__testUtils__/messages';
import { DeadLetterDatabase } from './DeadLetterDatabase';

jest.setTimeout(120_000);

describe('MessageWriter', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const { knex, database } = await createDatabase(databases, databaseId);
    return { knex, store: database.messages, queries: database.queries };
  }

  describe('insertCaptured and get', () => {
    it.each(databases.eachSupportedId())(
      'round-trips a binary body and the parsed columns on %s',
      async databaseId => {
        const { knex, store, queries } = await createStore(databaseId);
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

        const stored = await queries.get(String(id));
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
        const { knex, store, queries } = await createStore(databaseId);
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
          const stored = await queries.get(String(id));
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
        const { store, queries } = await createStore(databaseId);
        await store.insertCaptured([captured()]);
        expect(await queries.get(randomUUID())).toBeUndefined();
        expect(await queries.get('not-a-uuid')).toBeUndefined();
        expect(
          await queries.get("'; drop table dead_letter_messages; --"),
        ).toBe(undefined);
      },
    );

    it.each(databases.eachSupportedId())(
      'finds a message by an upper-case id on %s',
      async databaseId => {
        const { knex, store, queries } = await createStore(databaseId);
        await store.insertCaptured([captured()]);
        const [id] = await knex(TABLE).pluck('id');
        const stored = await queries.get(String(id).toUpperCase());
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
      const { messages: storeElsewhere } = await DeadLetterDatabase.create({
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
        const { knex, store, queries } = await createStore(databaseId);
        const message = captured({
          body: 'a\u0000b <script>alert("x")</script>',
          headers: { 'x-weird': 'nul\u0000 quote\' "double" back\\slash' },
        });
        await store.insertCaptured([message]);
        const [id] = await knex(TABLE).pluck('id');
        const stored = await queries.get(String(id));
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
        const { knex, store, queries } = await createStore(databaseId);
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
          return (await queries.get(String(id)))!;
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
        const listed = await listAll(queries);
        expect(
          listed.find(m => m.messageId === 'second-life')?.previousMessageId,
        ).toBe(String(firstId));
      },
    );
  });
});
