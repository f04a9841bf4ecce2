import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import { startCatalogOnGitHub } from '@internal/portal-test-utils/catalog';
import catalogModuleIncrementalIngestionEntityProvider from '@backstage/plugin-catalog-backend-module-incremental-ingestion';
import { catalogModuleGithubRepos } from './module';

jest.setTimeout(900_000);

const REPOS = 2000;
const PROVIDER = 'github-repos-meridian';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * The whole path against the local GitHub: the incremental ingestion engine
 * runs the provider in bursts inside a real catalog on Postgres.
 */
describe('GitHub repositories into the catalog', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let github: LocalGitHub;

  beforeAll(async () => {
    github = await startGitHubServer({
      repoCount: REPOS,
      seed: 7,
      token: 'test-token',
    });
  });

  afterAll(async () => {
    await github?.close();
  });

  it('ingests every repository, removes deleted ones, survives an empty source, rate limits and 5xx', async () => {
    const knex = await databases.init('POSTGRES_15');
    // The real scheduler: the engine ticks on it every burstInterval.
    const backend = await startCatalogOnGitHub({
      knex,
      github,
      token: 'test-token',
      modules: [
        catalogModuleIncrementalIngestionEntityProvider,
        catalogModuleGithubRepos,
      ],
      catalog: {
        rules: [{ allow: ['Component', 'Location', 'API', 'Group'] }],
        processingInterval: { seconds: 1 },
        providers: {
          githubRepos: {
            meridian: {
              host: github.host,
              organization: 'meridian',
              rejectRemovalsAbovePercentage: 5,
              schedule: {
                burstInterval: { seconds: 5 },
                burstLength: { seconds: 30 },
                restLength: { seconds: 2 },
                backoff: [{ seconds: 2 }, { seconds: 5 }],
              },
            },
          },
        },
      },
    });
    const api = request(backend.server);

    const ingested = async () => {
      const res = await api.get('/api/catalog/entities/by-query').query({
        filter: `metadata.annotations.meridian.bank/ingested-by=${PROVIDER}`,
        limit: 1,
      });
      expect(res.status).toBe(200);
      return res.body.totalItems as number;
    };
    const waitFor = async (what: string, check: () => Promise<boolean>) => {
      const deadline = Date.now() + 240_000;
      while (Date.now() < deadline) {
        if (await check()) return;
        await sleep(1000);
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    const status = async () =>
      (await api.get(`/api/catalog/incremental/providers/${PROVIDER}`)).body;
    const pages = (count: number) => Math.ceil(count / 100);
    /**
     * Cycles follow each other every couple of seconds (restLength): waits
     * until the provider has asked GitHub for a whole cycle's pages since
     * the stats were reset, and rests again.
     */
    const fullCycle = async (expectedPages: number) => {
      await waitFor(`a cycle of ${expectedPages} pages`, async () => {
        const byOperation = github.control.stats().graphql.byOperation;
        return (byOperation.OrganisationRepositories ?? 0) >= expectedPages;
      });
      await waitFor('the provider to rest', async () =>
        /rest/.test((await status()).status?.current_action ?? ''),
      );
    };

    try {
      await waitFor(
        `${REPOS} ingested entities`,
        async () => (await ingested()) === REPOS,
      );
      const stats = github.control.stats();
      expect(JSON.stringify(stats)).toMatch(/graphql/);

      // A repository with its own catalog-info.yaml: its Location, and the
      // Component the catalog read from it through the GitHub integration.
      const locations = await api.get('/api/catalog/entities/by-query').query({
        filter: `kind=location,metadata.annotations.meridian.bank/ingested-by=${PROVIDER}`,
        limit: 1,
      });
      expect(locations.body.totalItems).toBeGreaterThan(0);
      const target: string = locations.body.items[0].spec.target;
      const fromYaml = await api.get('/api/catalog/entities/by-query').query({
        filter: `kind=component,metadata.annotations.backstage.io/managed-by-origin-location=url:${target}`,
      });
      await waitFor('the component of a catalog-info.yaml', async () => {
        const res = await api.get('/api/catalog/entities/by-query').query({
          filter: `kind=component,metadata.annotations.backstage.io/managed-by-origin-location=url:${target}`,
        });
        return res.body.totalItems === 1;
      });
      expect(fromYaml.status).toBe(200);

      // Deleted at the source: gone after the next cycle, nothing else.
      const someComponents = await api
        .get('/api/catalog/entities/by-query')
        .query({
          filter: `kind=component,metadata.annotations.meridian.bank/ingested-by=${PROVIDER}`,
          limit: 3,
        });
      const deleted: string[] = someComponents.body.items.map(
        (e: any) => e.metadata.name,
      );
      expect(github.control.deleteRepos(deleted)).toEqual(deleted);
      // The next cycle (a couple of seconds later) no longer sees them.
      await waitFor(
        'the deleted repositories to go',
        async () => (await ingested()) === REPOS - 3,
      );
      for (const name of deleted) {
        const res = await api.get(
          `/api/catalog/entities/by-name/component/default/${name}`,
        );
        expect(res.status).toBe(404);
      }

      // A source that suddenly lists nothing removes nothing.
      await waitFor('the provider to rest', async () =>
        /rest/.test((await status()).status?.current_action ?? ''),
      );
      github.control.setRepoCount(0);
      github.control.resetStats();
      await fullCycle(1);
      await sleep(3000);
      expect(await ingested()).toBe(REPOS - 3);
      github.control.setRepoCount(REPOS);

      // Rate limit spent and 502s: the provider waits, retries, completes.
      github.control.resetStats();
      github.control.injectFault({
        status: 502,
        count: 3,
        pathPattern: '^/graphql',
      });
      // Long enough that the next cycle (after its rest and the 502 retries)
      // surely meets it.
      github.control.exhaustRateLimit('graphql', 30);
      await fullCycle(pages(REPOS - 3));
      const afterFaults = github.control.stats();
      expect(afterFaults.byStatus['502']).toBe(3);
      expect(afterFaults.rateLimited).toBeGreaterThan(0);
      expect(await ingested()).toBe(REPOS - 3);
      expect((await status()).last_error ?? '').toBe('');
    } finally {
      await backend.stop();
    }
  });
});
