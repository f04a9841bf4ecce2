import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import { readProviderConfigs } from '../config';
import {
  GitHubReposContext,
  GitHubReposCursor,
  GitHubReposEntityProvider,
} from './GitHubReposEntityProvider';

const REPOS = 250;

describe('GitHubReposEntityProvider cursors', () => {
  let github: LocalGitHub;
  let provider: GitHubReposEntityProvider;

  beforeAll(async () => {
    github = await startGitHubServer({
      repoCount: REPOS,
      seed: 3,
      token: 'test-token',
    });
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: github.host,
            apiBaseUrl: github.apiBaseUrl,
            token: 'test-token',
          },
        ],
      },
      catalog: {
        providers: {
          githubRepos: {
            test: { host: github.host, organization: github.org },
          },
        },
      },
    });
    provider = GitHubReposEntityProvider.fromConfig({
      config: readProviderConfigs(config)[0],
      integrations: ScmIntegrations.fromConfig(config),
      logger: mockServices.logger.mock(),
    });
  });

  afterAll(async () => {
    await github?.close();
  });

  /** Runs one burst of `calls`, as the ingestion engine does. */
  async function burst(
    calls: (context: GitHubReposContext) => Promise<void>,
  ): Promise<void> {
    await provider.around(calls);
  }

  const names = (result: { entities?: Array<{ entity: any }> }) =>
    (result.entities ?? []).map(e => e.entity.metadata.name as string);

  it('reads the page of a stored cursor again when a burst resumes from it, and still moves on', async () => {
    let first!: GitHubReposCursor;
    let second!: GitHubReposCursor;
    let page1: string[] = [];
    let page2: string[] = [];
    await burst(async context => {
      const a = await provider.next(context);
      expect(a.done).toBe(false);
      first = a.cursor!;
      page1 = names(a);
      const b = await provider.next(context, first);
      expect(b.done).toBe(false);
      second = b.cursor!;
      page2 = names(b);
    });
    expect(page1).toHaveLength(100);
    expect(page2).toHaveLength(100);
    expect(first.from).toBeNull();
    expect(second.from).toBe(first.after);

    // A new burst (e.g. after the process was killed between the engine
    // storing `second` and storing page 2's entities) re-reads page 2, then
    // reads page 3 in the same call.
    await burst(async context => {
      const resumed = await provider.next(context, second);
      expect(resumed.done).toBe(true);
      const seen = names(resumed);
      expect(seen.slice(0, 100)).toEqual(page2);
      expect(seen).toHaveLength(150);
      expect(new Set([...page1, ...seen]).size).toBe(REPOS);
    });

    // Resuming from the first cursor re-reads the first page; later calls
    // of the same burst read on without repeating anything.
    await burst(async context => {
      const resumed = await provider.next(context, first);
      expect(names(resumed)).toEqual([...page1, ...page2]);
      expect(resumed.cursor).toEqual(second);
      const last = await provider.next(context, resumed.cursor);
      expect(last.done).toBe(true);
      expect(names(last)).toHaveLength(50);
    });
  });

  it('reads on from a cursor stored before cursors named their page', async () => {
    let first!: GitHubReposCursor;
    let page2: string[] = [];
    await burst(async context => {
      first = (await provider.next(context)).cursor!;
      page2 = names(await provider.next(context, first));
    });
    await burst(async context => {
      const result = await provider.next(context, { after: first.after });
      expect(names(result)).toEqual(page2);
    });
  });
});
