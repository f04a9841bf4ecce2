import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import { fuzzRoutes, summarizeFailures } from '@internal/portal-test-utils';
import { randomUUID } from 'node:crypto';
import { techInsightsModuleScorecards } from '../module';
import { readmeCheck } from '../__testUtils__/checks';

jest.setTimeout(300_000);

const TOKEN = 'scorecards-fuzz';

const TRACKS = [
  {
    id: 'basics',
    title: 'Repository basics',
    levels: [
      {
        name: 'Bronze',
        checks: [readmeCheck],
      },
    ],
  },
];

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'squad-aura', namespace: 'default' },
    spec: { type: 'squad', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      annotations: { 'github.com/project-slug': 'meridian/payments-api' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'squad-aura' },
  },
];

/**
 * The scorecards routes (the portal's share of the tech-insights plugin),
 * found in its router, called with generated hostile input by a signed-in
 * user: never a 5xx, every 4xx says why, nothing hangs, and the API still
 * answers afterwards. The community tech-insights routes are not ours.
 */
describe('hostile tenant: scorecards route fuzzer', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let github: LocalGitHub;

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 3, seed: 1, token: TOKEN });
  });

  afterAll(async () => {
    await github?.close();
  });

  it.each(databases.eachSupportedId())(
    'answers hostile requests with a 4xx and a message on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          techInsightsPlugin,
          techInsightsModuleScorecards,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                github: [
                  {
                    host: github.host,
                    apiBaseUrl: github.apiBaseUrl,
                    token: TOKEN,
                  },
                ],
              },
              techInsights: { scorecards: { tracks: TRACKS } },
            },
          }),
          catalogServiceMock.factory({ entities }),
        ],
      });
      const entity = {
        params: {
          namespace: 'default',
          kind: 'component',
          name: 'payments-api',
        },
      };
      const group = 'group:default/squad-aura';
      const report = await fuzzRoutes({
        server: backend.server,
        pluginId: 'tech-insights',
        prefix: '/scorecards',
        examples: {
          'GET /scorecards/entities/:namespace/:kind/:name': entity,
          'POST /scorecards/entities/:namespace/:kind/:name/run': entity,
          'GET /scorecards/entities/:namespace/:kind/:name/history': entity,
          'GET /scorecards/exemptions': {
            query: { entityRef: 'component:default/payments-api' },
          },
          'POST /scorecards/exemptions': {
            body: {
              entityRef: 'component:default/payments-api',
              checkId: 'has-readme',
              justification: 'The service is being retired this quarter',
              expiresAt: '2099-01-01T00:00:00Z',
            },
          },
          'POST /scorecards/exemptions/:id/revoke': {
            params: { id: randomUUID() },
          },
          'GET /scorecards/audit': {
            query: { entityRef: 'component:default/payments-api' },
          },
          'GET /scorecards/groups/:namespace/:name': {
            params: { namespace: 'default', name: 'squad-aura' },
          },
          'GET /scorecards/trends': {
            query: { group, track: 'basics', days: '30' },
          },
          'GET /scorecards/export.csv': { query: { group } },
        },
        healthCheck: { path: '/scorecards/tracks' },
      });

      expect(report.unfuzzable).toEqual([]);
      expect(report.routes.map(r => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining([
          'POST /api/tech-insights/scorecards/exemptions',
          'GET /api/tech-insights/scorecards/trends',
        ]),
      );
      expect(summarizeFailures(report)).toEqual([]);
      await backend.stop();
    },
  );
});
