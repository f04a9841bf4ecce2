import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { reconstitutionPlugin } from '../plugin';
import { notificationRecorder } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const AURA_QUEUE = 'ledger.postings.in';

function component(name: string, owner: string, queues: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { [RABBITMQ_QUEUES_ANNOTATION]: queues } },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

const aura = component('ledger-posting-service', 'squad-aura', AURA_QUEUE);
// The guest's component: sorts first and declares Squad Aura's queue.
const claimant = component(
  '0',
  'squad-orion',
  `${AURA_QUEUE}, orion.guest.own`,
);

/**
 * Hostile tenant, reconstitution side: `component:default/0` (Squad Orion)
 * declares Squad Aura's queue after Aura claimed it. The registry keeps
 * Aura's claim (proven against the real catalog in
 * catalog-backend-module-queue-registry's hostileTenant suite), so the
 * claimant is no receiver of that queue: no archived events can be
 * republished into it through the claimant.
 */
describe('hostile tenant: no reconstitution receiver for another squad’s queue', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'keeps the queue to its registered owner on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          reconstitutionPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              amqp: {
                environments: {
                  prod: { url: 'amqp://guest:guest@127.0.0.1:1' },
                },
              },
              reconstitution: {
                environments: { prod: { exchanges: ['integration-events'] } },
              },
            },
          }),
          // Sorted, the claimant comes first; the registry goes by time.
          catalogServiceMock.factory({ entities: [claimant, aura] }),
          mockQueueRegistry.fromEntities([aura, claimant]).factory(),
          notificationRecorder().factory,
        ],
      });
      try {
        const api = request(backend.server);
        const asGuest = mockCredentials.user.header('user:default/guest');
        const receivers = await api
          .get('/api/reconstitution/receivers')
          .set('Authorization', asGuest)
          .expect(200);
        const byRef = Object.fromEntries(
          (
            receivers.body.items as Array<{
              entityRef: string;
              queues: string[];
            }>
          ).map(r => [r.entityRef, r.queues]),
        );
        expect(byRef).toEqual({
          'component:default/0': ['orion.guest.own'],
          'component:default/ledger-posting-service': [AURA_QUEUE],
        });

        const job = await api
          .post('/api/reconstitution/jobs')
          .set('Authorization', asGuest)
          .send({
            environment: 'prod',
            domain: 'ledger',
            entityType: 'ledger-posting',
            receiver: { entityRef: 'component:default/0', queue: AURA_QUEUE },
          });
        expect(job.status).toBe(400);
        expect(job.body.error.message).toContain(
          `receiver.queue: '${AURA_QUEUE}' is not a queue of component:default/0 (its queues: orion.guest.own)`,
        );
      } finally {
        await backend.stop();
      }
    },
  );
});
