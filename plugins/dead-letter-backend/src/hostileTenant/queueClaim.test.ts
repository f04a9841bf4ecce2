import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AURA,
  AURA_COMPONENT,
  CLAIMANT_COMPONENT,
  ORION,
  ORION_COMPONENT,
  startQueueOwnersBackend,
} from '../__testUtils__/queueOwners';

jest.setTimeout(90_000);

/**
 * Hostile tenant, dead-letter side: the guest (Squad Orion only) registered
 * `component:default/0` declaring Squad Aura's queue. The registry kept
 * Aura's claim and recorded the conflict (proven against the real catalog
 * in catalog-backend-module-queue-registry's hostileTenant suite); here the
 * dead-letter backend reads that registry: the guest gains no replay or
 * discard right on Aura's prod dead letters, cannot replay into Aura's
 * queue, and everyone sees the rejected claim.
 */
describe('hostile tenant: a claim on another squad’s queue gains nothing', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'refuses the guest on Aura’s prod dead letters on %s',
    async databaseId => {
      const t = await startQueueOwnersBackend(databases, databaseId);
      const { queues } = t;
      try {
        // What the catalog's registry answers after the hostile location.
        t.setRegistry({
          claims: {
            [queues.auraIn]: AURA_COMPONENT,
            [queues.orionIn]: ORION_COMPONENT,
            [queues.unregistered]: CLAIMANT_COMPONENT,
          },
          conflicts: [
            {
              queue: queues.auraIn,
              claimantRef: CLAIMANT_COMPONENT,
              ownerRef: AURA_COMPONENT,
              detectedAt: '2026-01-02T00:00:00.000Z',
            },
          ],
        });
        // Captured before the owners were known: the refresh assigns them.
        const auraProd = await t.insert('prod', queues.auraIn, '{"iban":1}');
        const guestOwn = await t.insert('prod', queues.orionIn, '{"own":1}');
        await t.refreshOwners();
        expect((await t.database.queries.get(auraProd))!.ownerRef).toBe(AURA);
        expect((await t.database.queries.get(guestOwn))!.ownerRef).toBe(ORION);

        const api = request(t.backend.server);
        const asGuest = t.as('orionMember');
        for (const [path, body] of [
          ['/messages/discard', { ids: [auraProd] }],
          ['/replays', { ids: [auraProd], target: { kind: 'original' } }],
          ['/replays', { ids: [auraProd], target: { kind: 'source' } }],
          [
            '/replays',
            {
              ids: [auraProd],
              target: { kind: 'queue', queue: queues.orionIn },
            },
          ],
          [
            '/replays',
            { filter: { environment: 'prod', queue: queues.auraIn } },
          ],
        ] as const) {
          const res = await api
            .post(`/api/dead-letter${path}`)
            .set('Authorization', asGuest)
            .send(body);
          expect({ path, body, status: res.status }).toEqual({
            path,
            body,
            status: 403,
          });
        }
        expect((await t.database.queries.get(auraProd))!.state).toBe(
          'unresolved',
        );

        // Its own message cannot be replayed into Aura's queue either.
        const into = await api
          .post('/api/dead-letter/replays')
          .set('Authorization', asGuest)
          .send({
            ids: [guestOwn],
            target: { kind: 'queue', queue: queues.auraIn },
          });
        expect(into.status).toBe(403);
        expect(into.body.error.message).toContain(
          `You may not replay into queue '${queues.auraIn}': it is registered to ${AURA_COMPONENT} (${AURA})`,
        );
        expect((await t.database.queries.get(guestOwn))!.state).toBe(
          'unresolved',
        );

        // The destinations offered to the guest leave Aura's queue out.
        const targets = await api
          .get('/api/dead-letter/replay-targets?environment=prod')
          .set('Authorization', asGuest)
          .expect(200);
        expect(
          targets.body.items.map((i: { queue: string }) => i.queue).sort(),
        ).toEqual([queues.orionIn, queues.unregistered].sort());
        expect(targets.body.anyQueue).toBe(false);

        // Everyone sees the rejected claim.
        const conflicts = await api
          .get('/api/dead-letter/queue-conflicts')
          .set('Authorization', asGuest)
          .expect(200);
        expect(conflicts.body.items).toEqual([
          expect.objectContaining({
            queue: queues.auraIn,
            claimantRef: CLAIMANT_COMPONENT,
            ownerRef: AURA_COMPONENT,
            ownerGroupRef: AURA,
          }),
        ]);

        // Aura itself is not hindered.
        await api
          .post('/api/dead-letter/messages/discard')
          .set('Authorization', t.as('auraMember'))
          .send({ ids: [auraProd] })
          .expect(200);
      } finally {
        await t.stop();
      }
    },
  );
});
