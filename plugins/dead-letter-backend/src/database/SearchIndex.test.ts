import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { createDatabase, seed, TABLE } from './__testUtils__/messages';

jest.setTimeout(120_000);

describe('SearchIndex', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const { knex, database } = await createDatabase(databases, databaseId);
    return {
      knex,
      store: database.search,
      messages: database.messages,
      queries: database.queries,
    };
  }

  describe('search index', () => {
    it.each(databases.eachSupportedId())(
      'indexes captured messages in batches and drops deleted ones on %s',
      async databaseId => {
        const { knex, store, messages, queries } = await createStore(
          databaseId,
        );
        const [a, b, c] = await seed(knex, messages, [
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
          (await queries.list({ text, limit: 10 })).items.map(i => i.id).sort();
        expect(await found('ORDER')).toEqual([a, b, c].sort());
        expect(await found('m-42')).toEqual([b]);

        // Deleting a message (retention) takes its search document with it.
        await knex(TABLE).where({ id: a }).delete();
        expect(await found('order')).toEqual([b, c].sort());
        expect(await documents()).toEqual(postgres ? [b, c].sort() : undefined);
      },
    );
  });
});
