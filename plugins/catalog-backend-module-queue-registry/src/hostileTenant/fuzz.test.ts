import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { QueueRegistryResponse } from '@internal/backstage-plugin-queue-registry-common';
import { fuzzRoutes, summarizeFailures } from '@internal/portal-test-utils';
import { catalogModuleQueueRegistry } from '../module';

jest.setTimeout(300_000);

const QUEUE = 'ledger.postings.in';
const OWNER_REF = 'component:default/ledger-posting-service';

const componentYaml = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger-posting-service
  annotations:
    meridian.bank/rabbitmq-queues: ${QUEUE}, ledger.postings.retry
spec:
  type: service
  lifecycle: production
  owner: squad-aura
`;

/**
 * The queue registry's routes (the module's share of the catalog plugin),
 * found in the catalog's router, called with generated hostile input by a
 * signed-in user whom the permission mock allows everything, so requests
 * reach the store: never a 5xx, every 4xx says why, nothing hangs, and the
 * registry still answers afterwards. The catalog's own routes are not ours.
 */
describe('hostile tenant: queue registry route fuzzer', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'answers hostile requests with a 4xx and a message on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'queue-fuzz-'));
      await fs.writeFile(path.join(dir, 'component.yaml'), componentYaml);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleQueueRegistry,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'Location'] }],
                locations: [
                  { type: 'file', target: path.join(dir, 'component.yaml') },
                ],
              },
            },
          }),
        ],
      });
      try {
        // The valid reassignment needs the component in the catalog.
        const api = request(backend.server);
        let registry: QueueRegistryResponse = { claims: [], conflicts: [] };
        for (let attempt = 0; attempt < 240; attempt++) {
          registry = (
            await api
              .get('/api/catalog/queue-registry/queues')
              .set('Authorization', mockCredentials.user.header())
              .expect(200)
          ).body;
          if (registry.claims.some(c => c.queue === QUEUE)) break;
          await new Promise(resolve => setTimeout(resolve, 250));
        }
        expect(registry.claims).toContainEqual(
          expect.objectContaining({ queue: QUEUE, entityRef: OWNER_REF }),
        );

        const report = await fuzzRoutes({
          server: backend.server,
          pluginId: 'catalog',
          prefix: '/queue-registry',
          examples: {
            'POST /queue-registry/queues/:queue/reassign': {
              params: { queue: QUEUE },
              body: { entityRef: OWNER_REF },
            },
          },
          healthCheck: { path: '/queue-registry/queues' },
        });

        expect(report.unfuzzable).toEqual([]);
        expect(report.routes.map(r => `${r.method} ${r.path}`)).toEqual([
          'GET /api/catalog/queue-registry/queues',
          'POST /api/catalog/queue-registry/queues/:queue/reassign',
        ]);
        expect(summarizeFailures(report)).toEqual([]);
        // The hostile requests were refused, not waved through.
        expect(report.statuses[400]).toBeGreaterThan(50);
        // What the fuzzer found: a NUL in the ref answered 500 on Postgres.
        const nul = await api
          .post(`/api/catalog/queue-registry/queues/${QUEUE}/reassign`)
          .set('Authorization', mockCredentials.user.header())
          .send({ entityRef: `${OWNER_REF}\u0000` });
        expect(nul.status).toBe(400);
        expect(nul.body.error.message).toContain('entityRef');
        // The fuzzing moved nothing: the owner still holds its queue.
        const after: QueueRegistryResponse = (
          await api
            .get('/api/catalog/queue-registry/queues')
            .set('Authorization', mockCredentials.user.header())
            .expect(200)
        ).body;
        expect(after.claims.find(c => c.queue === QUEUE)?.entityRef).toBe(
          OWNER_REF,
        );
      } finally {
        await backend.stop();
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  );
});
