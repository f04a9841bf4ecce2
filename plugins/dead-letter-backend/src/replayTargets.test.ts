import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AURA,
  AURA_COMPONENT,
  ORION,
  ORION_COMPONENT,
  startQueueOwnersBackend,
} from './__testUtils__/queueOwners';

jest.setTimeout(90_000);

/** Squad Aura's in and retry queues and Squad Orion's in queue, owners loaded. */
async function registerSquadQueues(
  t: Awaited<ReturnType<typeof startQueueOwnersBackend>>,
) {
  const { queues } = t;
  t.setRegistry({
    claims: {
      [queues.auraIn]: AURA_COMPONENT,
      [queues.auraRetry]: AURA_COMPONENT,
      [queues.orionIn]: ORION_COMPONENT,
    },
  });
  await t.refreshOwners();
}

/**
 * Replay destinations (dead-letter.replay.target): a replay publishes only
 * into queues the queue registry gives to a component of the actor's
 * squads; the platform team anywhere. Through the API, published by the
 * plugin's worker to the real broker, on each real database.
 */
describe('replay destinations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'publishes only into queues of the actor’s squads on %s',
    async databaseId => {
      const t = await startQueueOwnersBackend(databases, databaseId);
      const { queues } = t;
      try {
        await registerSquadQueues(t);
        const api = request(t.backend.server);
        const replay = (person: Parameters<typeof t.as>[0], body: object) =>
          api
            .post('/api/dead-letter/replays')
            .set('Authorization', t.as(person))
            .send(body);
        const stateOf = async (id: string) =>
          (await t.database.queries.get(id))!.state;

        // Into another squad's queue: 403 naming it; nothing moves.
        const a1 = await t.insert('prod', queues.auraIn, '{"a":1}', AURA);
        const refused = await replay('auraMember', {
          ids: [a1],
          target: { kind: 'queue', queue: queues.orionIn },
        });
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toContain(`'${queues.orionIn}'`);
        expect(refused.body.error.message).toContain(ORION_COMPONENT);
        expect(await stateOf(a1)).toBe('unresolved');
        // Unregistered queues are nobody's.
        const unregistered = await replay('auraMember', {
          ids: [a1],
          target: { kind: 'queue', queue: queues.unregistered },
        });
        expect(unregistered.status).toBe(403);
        expect(unregistered.body.error.message).toContain(
          `'${queues.unregistered}': it is registered to no component`,
        );
        expect(await stateOf(a1)).toBe('unresolved');

        // Into a queue of the actor's own squad: accepted and published.
        const own = await replay('auraMember', {
          ids: [a1],
          target: { kind: 'queue', queue: queues.auraRetry },
        });
        expect(own.status).toBe(202);
        expect(await t.take(queues.auraRetry)).toBe('{"a":1}');

        // The platform team: any queue, registered or not.
        const a2 = await t.insert('prod', queues.auraIn, '{"a":2}', AURA);
        const platform = await replay('platform', {
          ids: [a2],
          target: { kind: 'queue', queue: queues.unregistered },
        });
        expect(platform.status).toBe(202);
        expect(await t.take(queues.unregistered)).toBe('{"a":2}');

        // `original` and `source` go where the message died, decided by
        // that queue's registered owner, even where the stored owner says
        // otherwise (here: Orion's, stale, on Aura's queue).
        const stale = await t.insert('prod', queues.auraIn, '{"s":1}', ORION);
        for (const kind of ['original', 'source']) {
          const res = await replay('orionMember', {
            ids: [stale],
            target: { kind },
          });
          expect({ kind, status: res.status }).toEqual({ kind, status: 403 });
          expect(res.body.error.message).toContain(
            `'${queues.auraIn}': it is registered to ${AURA_COMPONENT} (${AURA})`,
          );
        }
        expect(await stateOf(stale)).toBe('unresolved');
        for (const [kind, body] of [
          ['original', '{"o":1}'],
          ['source', '{"o":2}'],
        ]) {
          const id = await t.insert('prod', queues.auraIn, body, AURA);
          const res = await replay('auraMember', {
            ids: [id],
            target: { kind },
          });
          expect({ kind, status: res.status }).toEqual({ kind, status: 202 });
          expect(await t.take(queues.auraIn)).toBe(body);
        }
        // By filter (it matches the stale message only), the same rule.
        const byFilter = await replay('orionMember', {
          filter: { environment: 'prod', queue: queues.auraIn },
          target: { kind: 'source' },
        });
        expect(byFilter.status).toBe(403);
        expect(byFilter.body.error.message).toContain(`'${queues.auraIn}'`);
        expect(await stateOf(stale)).toBe('unresolved');
      } finally {
        await t.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'lists exactly the queues each caller may target on %s',
    async databaseId => {
      const t = await startQueueOwnersBackend(databases, databaseId);
      const { queues } = t;
      try {
        await registerSquadQueues(t);
        const api = request(t.backend.server);
        const targets = async (person: Parameters<typeof t.as>[0]) => {
          const res = await api
            .get('/api/dead-letter/replay-targets?environment=prod')
            .set('Authorization', t.as(person))
            .expect(200);
          return res.body;
        };
        const aura = { componentRef: AURA_COMPONENT, ownerRef: AURA };
        expect(await targets('auraMember')).toEqual({
          items: [
            { queue: queues.auraIn, ...aura },
            { queue: queues.auraRetry, ...aura },
          ],
          anyQueue: false,
        });
        expect(await targets('orionMember')).toEqual({
          items: [
            {
              queue: queues.orionIn,
              componentRef: ORION_COMPONENT,
              ownerRef: ORION,
            },
          ],
          anyQueue: false,
        });
        expect(await targets('nobody')).toEqual({ items: [], anyQueue: false });
        const platform = await targets('platform');
        expect(platform.anyQueue).toBe(true);
        expect(platform.items.map((i: { queue: string }) => i.queue)).toEqual(
          [queues.auraIn, queues.auraRetry, queues.orionIn].sort(),
        );

        // The list follows the registry: a reassigned queue moves.
        t.setRegistry({
          claims: {
            [queues.auraIn]: AURA_COMPONENT,
            [queues.auraRetry]: ORION_COMPONENT,
            [queues.orionIn]: ORION_COMPONENT,
          },
        });
        await t.refreshOwners();
        expect(
          (await targets('auraMember')).items.map(
            (i: { queue: string }) => i.queue,
          ),
        ).toEqual([queues.auraIn]);

        const bad = await api
          .get('/api/dead-letter/replay-targets?environment=staging')
          .set('Authorization', t.as('auraMember'));
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/unknown environment 'staging'/);
      } finally {
        await t.stop();
      }
    },
  );
});
