import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogConventions from './catalogConventions';

jest.setTimeout(180_000);

const examples = path.resolve(__dirname, '../../../../examples');
const guest = 'user:default/guest';

/**
 * The catalog with the portal's conventions on each real database, fed with
 * the example organisation: every example entity must come through.
 */
describe('catalog with the example organisation', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function startCatalog(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return startTestBackend({
      features: [
        catalogPlugin,
        catalogConventions,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Domain',
                    'User',
                    'Group',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: path.join(examples, 'all.yaml') },
                { type: 'file', target: path.join(examples, 'org/org.yaml') },
              ],
            },
          },
        }),
      ],
    });
  }

  async function waitForEntity(server: any, ref: string): Promise<Entity> {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    for (let attempt = 0; attempt < 120; attempt++) {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
        .set('Authorization', mockCredentials.user.header(guest));
      if (res.status === 200) {
        return res.body;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error(`${ref} never appeared in the catalog`);
  }

  it.each(databases.eachSupportedId())(
    'loads every example entity on %s',
    async databaseId => {
      const { server } = await startCatalog(databaseId);

      const domain = await waitForEntity(server, 'domain:default/payments');
      expect(domain.spec).toMatchObject({ tier: 1, colony: 'colony-payments' });
      const owned = await waitForEntity(
        server,
        'component:default/payment-initiation-service',
      );
      expect(
        owned.metadata.annotations?.['meridian.bank/rabbitmq-queues'],
      ).toContain('payments.payment-initiation.commands');
      await waitForEntity(server, 'component:default/developer-portal');

      // Everything in the examples ends up in the catalog, none of it lost
      // to a processing error.
      let kinds: Record<string, number> = {};
      for (let attempt = 0; attempt < 120; attempt++) {
        const facets = await request(server)
          .get('/api/catalog/entity-facets?facet=kind')
          .set('Authorization', mockCredentials.user.header(guest));
        kinds = Object.fromEntries(
          facets.body.facets.kind.map((f: { value: string; count: number }) => [
            f.value,
            f.count,
          ]),
        );
        if (kinds.Domain >= 25 && kinds.Component >= 70 && kinds.User >= 30) {
          break;
        }
        await new Promise(resolve => setTimeout(resolve, 500));
      }
      expect(kinds).toMatchObject({
        Domain: expect.any(Number),
        System: expect.any(Number),
        API: expect.any(Number),
        Resource: expect.any(Number),
      });
      expect(kinds.Domain).toBeGreaterThanOrEqual(25);
      expect(kinds.System).toBeGreaterThanOrEqual(15);
      expect(kinds.Component).toBeGreaterThanOrEqual(70);
      expect(kinds.User).toBeGreaterThanOrEqual(30);
      expect(kinds.Group).toBeGreaterThanOrEqual(18);
    },
  );
});
