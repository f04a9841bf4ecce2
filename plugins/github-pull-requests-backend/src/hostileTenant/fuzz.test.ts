import { fuzzRoutes, summarizeFailures } from '@internal/portal-test-utils';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import {
  component,
  repositoryNames,
  SQUAD,
  startApi,
  TOKEN,
} from '../__testUtils__/testBackend';

jest.setTimeout(300_000);

/**
 * Every route of the pull-requests API, found in its router, called with
 * generated hostile input by a signed-in user, the local GitHub answering:
 * never a 5xx, every 4xx says why, nothing hangs, and the API still
 * answers afterwards.
 */
describe('hostile tenant: pull-requests route fuzzer', () => {
  let github: LocalGitHub;

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 5, seed: 3, token: TOKEN });
  });

  afterAll(async () => {
    await github?.close();
  });

  it('answers hostile requests with a 4xx and a message', async () => {
    const [repo] = await repositoryNames(github, 1);
    const backend = await startApi({
      github,
      entities: [component('payments-api', repo)],
    });
    const groupRoute = 'GET /groups/:namespace/:name/pull-requests';
    const report = await fuzzRoutes({
      server: backend.server,
      pluginId: 'github-pull-requests',
      examples: {
        [groupRoute]: { params: { namespace: 'default', name: SQUAD } },
      },
      healthCheck: { path: `/groups/default/${SQUAD}/pull-requests` },
    });

    expect(report.unfuzzable).toEqual([]);
    expect(report.routes.map(r => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(
        ['/api/github-pull-requests/groups/:namespace/:name/pull-requests'].map(
          path => `GET ${path}`,
        ),
      ),
    );
    expect(summarizeFailures(report)).toEqual([]);
    await backend.stop();
  });
});
