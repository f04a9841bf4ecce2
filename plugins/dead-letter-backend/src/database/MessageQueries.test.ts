import { InputError } from '@backstage/errors';
import {
  hour,
  seed,
  setCapturedAt,
  T0,
  TABLE,
  useMessageQueries,
} from './__testUtils__/messages';

jest.setTimeout(120_000);

describe('MessageQueries', () => {
  const { databases, createStore } = useMessageQueries();

  describe('counts', () => {
    it.each(databases.eachSupportedId())(
      'counts by environment, owner and state on %s',
      async databaseId => {
        const { knex, store, messages } = await createStore(databaseId);
        const ids = await seed(knex, messages, [
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
        const { knex, store, messages } = await createStore(databaseId);
        const ids = await seed(knex, messages, [
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
});
