import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  queueRegistryReassignPermission,
  QueueRegistryResponse,
} from '@internal/backstage-plugin-queue-registry-common';
import { Knex } from 'knex';
import { catalogModuleQueueRegistry } from '../module';

jest.setTimeout(180_000);

const GUEST = 'user:default/guest';
const PLATFORM = 'user:default/platform-dev';
const AURA_QUEUE = 'ledger.postings.in';
const AURA_REF = 'component:default/ledger-posting-service';
const CLAIMANT_REF = 'component:default/0';

const auraYaml = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger-posting-service
  annotations:
    meridian.bank/rabbitmq-queues: ${AURA_QUEUE}, ledger.postings.retry
spec:
  type: service
  lifecycle: production
  owner: squad-aura
`;

// Sorts before every real component, and declares Squad Aura's queue.
const guestYaml = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: '0'
  annotations:
    meridian.bank/rabbitmq-queues: ${AURA_QUEUE}, orion.guest.own
spec:
  type: service
  lifecycle: experimental
  owner: squad-orion
`;

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 240 && !done(value); attempt++) {
    await new Promise(resolve => setTimeout(resolve, 250));
    value = await read();
  }
  if (!done(value)) {
    throw new Error(`${what} never happened; last: ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Hostile tenant: a guest (a member of Squad Orion only) registers a
 * location whose `component:default/0` claims Squad Aura's queue. The real
 * catalog with the queue registry keeps Aura's claim, records the conflict
 * and puts a processing error naming the queue on the claimant; the guest
 * cannot reassign the queue either.
 */
describe('hostile tenant: a catalog location claiming another squad’s queue', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function start(databaseId: TestDatabaseId, dir: string) {
    const knex: Knex = await databases.init(databaseId);
    const permissions = mockServices.permissions.mock({
      authorize: async (requests, { credentials }) =>
        requests.map(({ permission }) => ({
          result:
            permission.name === queueRegistryReassignPermission.name &&
            (credentials.principal as { userEntityRef?: string })
              .userEntityRef !== PLATFORM
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleQueueRegistry,
        // A guest would register a url; a file in a temp dir is the same
        // registration without a remote host.
        createBackendModule({
          pluginId: 'catalog',
          moduleId: 'test-file-locations',
          register(reg) {
            reg.registerInit({
              deps: { locations: catalogLocationsExtensionPoint },
              async init({ locations }) {
                locations.setAllowedLocationTypes(['url', 'file']);
              },
            });
          },
        }),
        permissions.factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [
                { type: 'file', target: path.join(dir, 'aura.yaml') },
              ],
            },
          },
        }),
      ],
    });
    return { backend, knex };
  }

  it.each(databases.eachSupportedId())(
    'keeps the owner’s claim and shows the conflict on %s',
    async databaseId => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'queue-claim-'));
      await fs.writeFile(path.join(dir, 'aura.yaml'), auraYaml);
      await fs.writeFile(path.join(dir, 'guest.yaml'), guestYaml);
      const { backend, knex } = await start(databaseId, dir);
      try {
        const api = request(backend.server);
        const registry = async (): Promise<QueueRegistryResponse> =>
          (
            await api
              .get('/api/catalog/queue-registry/queues')
              .set('Authorization', mockCredentials.user.header(GUEST))
              .expect(200)
          ).body;
        const ownerOf = (r: QueueRegistryResponse, queue: string) =>
          r.claims.find(c => c.queue === queue)?.entityRef;

        await eventually(
          registry,
          r => ownerOf(r, AURA_QUEUE) === AURA_REF,
          'Squad Aura’s claim',
        );

        // The guest registers the hostile location through the catalog API.
        const guestLocation = path.join(dir, 'guest.yaml');
        await api
          .post('/api/catalog/locations')
          .set('Authorization', mockCredentials.user.header(GUEST))
          .send({ type: 'file', target: guestLocation })
          .expect(201);

        const after = await eventually(
          registry,
          r =>
            r.conflicts.length > 0 &&
            ownerOf(r, 'orion.guest.own') !== undefined,
          'the conflict',
        );
        expect(ownerOf(after, AURA_QUEUE)).toBe(AURA_REF);
        expect(ownerOf(after, 'ledger.postings.retry')).toBe(AURA_REF);
        // Its own, unclaimed queue is the claimant's: only theft is refused.
        expect(ownerOf(after, 'orion.guest.own')).toBe(CLAIMANT_REF);
        expect(after.conflicts).toEqual([
          {
            queue: AURA_QUEUE,
            claimantRef: CLAIMANT_REF,
            ownerRef: AURA_REF,
            detectedAt: expect.any(String),
            location: `file:${guestLocation}`,
          },
        ]);

        // The claimant carries a processing error naming the queue (what
        // the Catalog errors page shows).
        const errors = await eventually(
          async () => {
            const row = await knex('refresh_state')
              .whereRaw('lower(entity_ref) = ?', [CLAIMANT_REF])
              .first('errors');
            return String(row?.errors ?? '');
          },
          text => text.includes(AURA_QUEUE),
          'the processing error on the claimant',
        );
        expect(errors).toContain(
          `Queue ${AURA_QUEUE} is registered to ${AURA_REF}; the claim of ${CLAIMANT_REF} is refused`,
        );

        // Nor may the guest reassign the queue; the platform team may.
        const refused = await api
          .post(`/api/catalog/queue-registry/queues/${AURA_QUEUE}/reassign`)
          .set('Authorization', mockCredentials.user.header(GUEST))
          .send({ entityRef: CLAIMANT_REF });
        expect(refused.status).toBe(403);
        expect(ownerOf(await registry(), AURA_QUEUE)).toBe(AURA_REF);
        await api
          .post(`/api/catalog/queue-registry/queues/${AURA_QUEUE}/reassign`)
          .set('Authorization', mockCredentials.user.header(PLATFORM))
          .send({ entityRef: CLAIMANT_REF })
          .expect(200);
        expect(ownerOf(await registry(), AURA_QUEUE)).toBe(CLAIMANT_REF);
      } finally {
        await backend.stop();
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  );
});
