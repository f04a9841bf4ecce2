import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AURA,
  AURA_COMPONENT,
  ORION,
  ORION_COMPONENT,
  Person,
  startQueueOwnersBackend,
} from './__testUtils__/queueOwners';

jest.setTimeout(90_000);

/**
 * Replay, discard and body access are decided on each stored message's
 * owner; the owner refresh keeps it what the queue registry says, whether
 * the queue's claim was released, reassigned, or the message was stored
 * with an owner the registry no longer gives.
 */
describe('stored dead-letter owners follow the queue registry', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'moves rights with the registry on %s',
    async databaseId => {
      const t = await startQueueOwnersBackend(databases, databaseId);
      const { queues } = t;
      try {
        const api = request(t.backend.server);
        const discard = (person: Person, id: string) =>
          api
            .post('/api/dead-letter/messages/discard')
            .set('Authorization', t.as(person))
            .send({ ids: [id] });
        const ownerOf = async (id: string) => {
          const message = (await t.database.queries.get(id))!;
          return {
            componentRef: message.componentRef,
            ownerRef: message.ownerRef,
          };
        };

        // Stored under an earlier registry (or an earlier process): Orion
        // on Aura's queue. The registry this process loads claims nothing.
        const stale = await t.insert('prod', queues.auraIn, '{"m":1}', ORION);
        const orionOwn = await t.insert(
          'prod',
          queues.orionIn,
          '{"m":2}',
          ORION,
        );
        await t.refreshOwners();
        expect(await ownerOf(stale)).toEqual({
          componentRef: undefined,
          ownerRef: undefined,
        });
        expect((await ownerOf(orionOwn)).ownerRef).toBeUndefined();
        expect((await discard('orionMember', stale)).status).toBe(403);

        // Claimed: each queue's messages belong to its registered owner.
        t.setRegistry({
          claims: {
            [queues.auraIn]: AURA_COMPONENT,
            [queues.orionIn]: ORION_COMPONENT,
          },
        });
        await t.refreshOwners();
        expect(await ownerOf(stale)).toEqual({
          componentRef: AURA_COMPONENT,
          ownerRef: AURA,
        });
        expect((await ownerOf(orionOwn)).ownerRef).toBe(ORION);
        const refused = await discard('orionMember', stale);
        expect(refused.status).toBe(403);
        expect((await discard('auraMember', stale)).status).toBe(200);

        // Reassigned by the platform team: Orion's queue is Aura's now.
        t.setRegistry({
          claims: {
            [queues.auraIn]: AURA_COMPONENT,
            [queues.orionIn]: AURA_COMPONENT,
          },
        });
        await t.refreshOwners();
        expect(await ownerOf(orionOwn)).toEqual({
          componentRef: AURA_COMPONENT,
          ownerRef: AURA,
        });
        expect((await discard('orionMember', orionOwn)).status).toBe(403);
        const replay = await api
          .post('/api/dead-letter/replays')
          .set('Authorization', t.as('orionMember'))
          .send({ ids: [orionOwn], target: { kind: 'source' } });
        expect(replay.status).toBe(403);

        // Captured with the previous mapping while the index was reloaded:
        // the next refresh corrects it though the registry did not change.
        const late = await t.insert('prod', queues.orionIn, '{"m":3}', ORION);
        await t.refreshOwners();
        expect((await ownerOf(late)).ownerRef).toBe(AURA);
        expect((await discard('orionMember', late)).status).toBe(403);

        // The claim is released: its messages are nobody's (platform team).
        t.setRegistry({ claims: { [queues.auraIn]: AURA_COMPONENT } });
        await t.refreshOwners();
        expect(await ownerOf(orionOwn)).toEqual({
          componentRef: undefined,
          ownerRef: undefined,
        });
        expect((await discard('auraMember', orionOwn)).status).toBe(403);
        expect((await discard('platform', orionOwn)).status).toBe(200);
      } finally {
        await t.stop();
      }
    },
  );
});
