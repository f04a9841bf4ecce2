import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  captured,
  hour,
  seed,
  setCapturedAt,
  T0,
  TABLE,
  useMessageQueries,
} from './__testUtils__/messages';
import { DeadLetterDatabase } from './DeadLetterDatabase';
import { LIST_COUNT_CAP, MessageQueries } from './MessageQueries';

jest.setTimeout(120_000);

describe('MessageQueries', () => {
  const { databases, createStore } = useMessageQueries();

  describe('list', () => {
    /**
     * a..f, captured an hour apart (a oldest). b is discarded.
     */
    async function seedListData(databaseId: TestDatabaseId) {
      const { knex, store, messages, search } = await createStore(databaseId);
      const [a, b, c, d, e, f] = await seed(knex, messages, [
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
        query: Omit<Parameters<MessageQueries['list']>[0], 'limit'>,
      ) => {
        const page = await store.list({ ...query, limit: 100 });
        expect(page.totalEstimate).toBe(page.items.length);
        expect(page.nextCursor).toBeUndefined();
        return page.items.map(item => names.get(item.id));
      };
      return { knex, store, search, ids, list };
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
        const {
          knex,
          store: scanning,
          search,
        } = await seedListData(databaseId);
        // Checking the newest messages directly, or asking the index (0).
        const { queries: indexOnly } = await DeadLetterDatabase.create({
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
            await search.indexSearchBacklog(100);
          }
          expect(await search.searchBacklog()).toBe(
            indexed || !search.searchIndexed ? 0 : 6,
          );
          const list = async (
            query: Omit<Parameters<MessageQueries['list']>[0], 'limit'>,
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
        const { knex, store, messages } = await createStore(databaseId);
        // Two batches: every row of a batch has the same captured_at.
        await messages.insertCaptured(
          Array.from({ length: 23 }, (_, i) => captured({ body: `a${i}` })),
        );
        await messages.insertCaptured(
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
        const { store, messages } = await createStore(databaseId);
        for (let i = 0; i < LIST_COUNT_CAP; i += 1000) {
          await messages.insertCaptured(
            Array.from({ length: 1000 }, (_, j) =>
              captured({ body: `p${i + j}`, environment: 'prod' }),
            ),
          );
        }
        await messages.insertCaptured([captured({ environment: 'dev' })]);

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
        const { store, messages } = await createStore(databaseId);
        await messages.insertCaptured([
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
        const { store, messages } = await createStore(databaseId);
        await messages.insertCaptured([captured()]);
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
});
