import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { createDatabase, listAll, seed } from './__testUtils__/messages';

jest.setTimeout(120_000);

describe('OwnerAssignment', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const { knex, database } = await createDatabase(databases, databaseId);
    return {
      knex,
      store: database.owners,
      messages: database.messages,
      queries: database.queries,
    };
  }

  describe('assignOwners', () => {
    it.each(databases.eachSupportedId())(
      'remaps owners by queue and unmaps queues missing from the mapping on %s',
      async databaseId => {
        const { knex, store, messages, queries } = await createStore(
          databaseId,
        );
        await seed(knex, messages, [
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
            (await listAll(queries)).map(m => [
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
          (
            await queries.list({
              ownerRefs: ['group:default/team-a'],
              limit: 10,
            })
          ).items,
        ).toHaveLength(2);

        // The catalog lost the orders component: everything becomes unowned.
        expect(await store.assignOwners([])).toBe(4);
        expect(
          (await listAll(queries)).every(
            m => m.ownerRef === undefined && m.componentRef === undefined,
          ),
        ).toBe(true);
      },
    );
  });
});
