import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { fuzzRoutes, summarizeFailures } from '@internal/portal-test-utils';
import { deadLetterPlugin } from '../plugin';
import { DeadLetterDatabase } from '../database';
import { parseDeadLetter } from '../capture/parseDeadLetter';

jest.setTimeout(300_000);

const AURA = 'group:default/squad-aura';
const SOME_TIME = { from: '2020-01-01T00:00:00Z', to: '2040-01-01T00:00:00Z' };

/**
 * Every route of the dead-letter API, found in its router, called with
 * generated hostile input by a signed-in user: never a 5xx, every 4xx says
 * why, nothing hangs, and the API still answers afterwards.
 */
describe('hostile tenant: dead-letter route fuzzer', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'answers hostile requests with a 4xx and a message on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          deadLetterPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              // Nothing listens: replays wait, which is all the API needs.
              amqp: { environments: { dev: { url: 'amqp://127.0.0.1:1' } } },
              deadLetter: {
                environments: { dev: { queues: ['dead-letters'] } },
              },
            },
          }),
          mockQueueRegistry.fromCatalog(),
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      const database = await DeadLetterDatabase.create({
        database: mockServices.database({ knex }),
      });
      await database.messages.insertCaptured(
        [1, 2, 3].map(n => ({
          ...parseDeadLetter(
            {
              content: Buffer.from(`{"n":${n}}`),
              fields: { redelivered: false },
              properties: {
                headers: {
                  'x-first-death-queue': 'orders.a',
                  'x-first-death-reason': 'rejected',
                  'x-first-death-exchange': 'orders',
                },
              },
            },
            { environment: 'dev', deadLetterQueue: 'dead-letters' },
          ),
          ownerRef: AURA,
        })),
      );
      const { items } = await database.queries.list({
        environment: 'dev',
        limit: 10,
      });
      const [id, other] = items.map(m => m.id);
      const filters = {
        environment: 'dev',
        owner: AURA,
        state: 'unresolved',
      };

      const report = await fuzzRoutes({
        server: backend.server,
        pluginId: 'dead-letter',
        examples: {
          'POST /messages/discard': { body: { ids: [id] } },
          'POST /messages/restore': { body: { ids: [id] } },
          'POST /replays': {
            body: {
              filter: {
                environment: 'dev',
                owners: [AURA],
                unowned: false,
                queue: 'orders.a',
                reason: 'rejected',
                q: 'n',
                ...SOME_TIME,
              },
              target: { kind: 'queue', queue: 'orders.a' },
              ratePerSecond: 10,
            },
          },
          'GET /replays': { query: { environment: 'dev', limit: '10' } },
          'GET /replays/:id': { params: { id } },
          'POST /replays/:id/cancel': { params: { id } },
          'GET /audit': { query: { limit: '10' } },
          'GET /messages': {
            query: {
              ...filters,
              unowned: 'false',
              component: 'component:default/orders',
              queue: 'orders.a',
              reason: 'rejected',
              group: 'g',
              q: 'n',
              ...SOME_TIME,
              limit: '10',
            },
          },
          'GET /messages/:id': { params: { id: other } },
          'GET /counts': { query: { owner: AURA, state: 'unresolved' } },
          'GET /groups': { query: filters },
        },
        healthCheck: { path: '/environments' },
      });

      expect(report.unfuzzable).toEqual([]);
      expect(report.routes.map(r => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining([
          'POST /api/dead-letter/replays',
          'GET /api/dead-letter/messages/:id',
        ]),
      );
      expect(summarizeFailures(report)).toEqual([]);
      expect(report.statuses[400]).toBeGreaterThan(100);
      await backend.stop();
    },
  );
});
