import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  GroupPullRequest,
  GroupPullRequestsOk,
} from '@internal/backstage-plugin-github-pull-requests-common';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import {
  closeOpenPullRequests,
  component,
  repositoryNames,
  startApi,
  TOKEN,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const PATH =
  '/api/github-pull-requests/groups/default/squad-aura/pull-requests';
const HOUR = 3600_000;

describe('GET /groups/:namespace/:name/pull-requests', () => {
  let github: LocalGitHub;
  let repos: string[];
  let members: string[];

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 150, seed: 3, token: TOKEN });
    repos = await repositoryNames(github, 100);
    members = github.control.squadMembers('squad-aura');
  });

  afterAll(async () => {
    await github?.close();
  });

  afterEach(() => {
    github.control.reset();
  });

  /**
   * Three repositories with only the pull requests added here:
   * repos[0] requires one approval (GitHub decides), repos[1] and repos[2]
   * require none (no decision: the backend decides from the reviews).
   */
  async function scenario() {
    const [protectedRepo, openRepo, thirdRepo] = repos;
    for (const repo of [protectedRepo, openRepo, thirdRepo]) {
      await closeOpenPullRequests(github, repo);
    }
    github.control.setBranchProtection(protectedRepo, {
      requiredApprovingReviewCount: 1,
    });
    github.control.setBranchProtection(openRepo, null);
    github.control.setBranchProtection(thirdRepo, null);

    const [author, alice, bob] = members;
    let hoursAgo = 48;
    const add = (
      repo: string,
      title: string,
      extra: { labels?: string[]; draft?: boolean } = {},
    ) =>
      github.control.addPullRequest(repo, {
        title,
        author,
        createdAt: Date.now() - hoursAgo-- * HOUR,
        ...extra,
      }).number;

    const required1 = add(protectedRepo, 'Add ledger reconciliation', {
      labels: ['bug', 'security'],
    });
    const approved1 = add(protectedRepo, 'Fix rounding of interest');
    github.control.addReview(protectedRepo, approved1, {
      author: alice,
      state: 'APPROVED',
    });
    const changes1 = add(protectedRepo, 'Rename accounts table');
    github.control.addReview(protectedRepo, changes1, {
      author: alice,
      state: 'CHANGES_REQUESTED',
    });

    const draft = add(openRepo, 'Bump express', {
      draft: true,
      labels: ['dependencies'],
    });
    const commented = add(openRepo, 'Refactor the client');
    github.control.addReview(openRepo, commented, {
      author: alice,
      state: 'COMMENTED',
    });
    const approved2 = add(openRepo, 'Add metrics');
    github.control.addReview(openRepo, approved2, {
      author: alice,
      state: 'APPROVED',
    });
    github.control.addReview(openRepo, approved2, {
      author: bob,
      state: 'COMMENTED',
    });
    const blocked = add(openRepo, 'Tidy imports');
    github.control.addReview(openRepo, blocked, {
      author: alice,
      state: 'APPROVED',
    });
    github.control.addReview(openRepo, blocked, {
      author: bob,
      state: 'CHANGES_REQUESTED',
    });

    const changedMind = add(thirdRepo, 'Document the API');
    github.control.addReview(thirdRepo, changedMind, {
      author: alice,
      state: 'CHANGES_REQUESTED',
    });
    github.control.addReview(thirdRepo, changedMind, {
      author: alice,
      state: 'APPROVED',
    });

    const entities = [
      component('ledger', protectedRepo),
      // Found through spec.owner alone (not stitched yet).
      component('ledger-ui', openRepo, { relations: false }),
      component('ledger-docs', thirdRepo),
      // Same repository twice: read once.
      component('ledger-worker', protectedRepo),
      // Not the squad's, not a component, no annotation, not a slug.
      component('payments', repos[10], { owner: 'squad-borealis' }),
      component('ledger-system', repos[11], { kind: 'System' }),
      component('no-repo', undefined),
      component('bad-slug', 'not a slug'),
    ];
    return {
      entities,
      protectedRepo,
      openRepo,
      thirdRepo,
      numbers: {
        required1,
        approved1,
        changes1,
        draft,
        commented,
        approved2,
        blocked,
        changedMind,
      },
    };
  }

  const titles = (prs: GroupPullRequest[]) => prs.map(p => p.title);
  const isNewestFirst = (prs: GroupPullRequest[]) =>
    prs.every(
      (p, i) =>
        i === 0 || Date.parse(prs[i - 1].updatedAt) >= Date.parse(p.updatedAt),
    );

  it('groups the open pull requests of the squad’s repositories by review state', async () => {
    const { entities, protectedRepo, openRepo, thirdRepo, numbers } =
      await scenario();
    const backend = await startApi({ github, entities });
    try {
      github.control.resetStats();
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(200);
      const body = res.body as GroupPullRequestsOk;
      expect(body).toMatchObject({ status: 'ok', repositories: 3 });
      expect(body.truncated).toBeUndefined();
      expect(body.unavailableRepositories).toBeUndefined();
      expect(Date.parse(body.generatedAt)).toBeGreaterThan(Date.now() - 60_000);

      // No review yet: oldest-created last (their updatedAt is their creation).
      expect(titles(body.groups.reviewRequired)).toEqual([
        'Bump express',
        'Add ledger reconciliation',
      ]);
      expect(titles(body.groups.reviewInProgress).sort()).toEqual([
        'Refactor the client',
        'Rename accounts table',
        'Tidy imports',
      ]);
      expect(titles(body.groups.approved).sort()).toEqual([
        'Add metrics',
        'Document the API',
        'Fix rounding of interest',
      ]);
      for (const group of Object.values(body.groups)) {
        expect(isNewestFirst(group)).toBe(true);
      }

      const reconciliation = body.groups.reviewRequired[1];
      expect(reconciliation).toEqual({
        repository: `meridian/${protectedRepo}`,
        repositoryUrl: `${github.url}/meridian/${protectedRepo}`,
        number: numbers.required1,
        title: 'Add ledger reconciliation',
        url: `${github.url}/meridian/${protectedRepo}/pull/${numbers.required1}`,
        author: {
          login: members[0],
          url: expect.stringContaining(members[0]),
          avatarUrl: expect.any(String),
        },
        labels: [
          { name: 'bug', color: 'd73a4a' },
          { name: 'security', color: 'b60205' },
        ],
        isDraft: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        reviewDecision: 'REVIEW_REQUIRED',
        reviewCount: 0,
        // The first of the two components naming the repository.
        componentRef: 'component:default/ledger',
      });
      const draft = body.groups.reviewRequired[0];
      expect(draft).toMatchObject({
        repository: `meridian/${openRepo}`,
        number: numbers.draft,
        isDraft: true,
        reviewDecision: null,
        labels: [{ name: 'dependencies', color: expect.any(String) }],
        componentRef: 'component:default/ledger-ui',
      });
      const byTitle = (title: string) =>
        [...body.groups.reviewInProgress, ...body.groups.approved].find(
          p => p.title === title,
        )!;
      expect(byTitle('Rename accounts table')).toMatchObject({
        reviewDecision: 'CHANGES_REQUESTED',
        reviewCount: 1,
      });
      expect(byTitle('Fix rounding of interest').reviewDecision).toBe(
        'APPROVED',
      );
      expect(byTitle('Add metrics')).toMatchObject({
        reviewDecision: null,
        reviewCount: 2,
      });
      expect(byTitle('Document the API')).toMatchObject({
        repository: `meridian/${thirdRepo}`,
        reviewDecision: null,
        reviewCount: 2,
      });

      // Three repositories: one GraphQL request.
      expect(github.control.stats().graphql.requests).toBe(1);
    } finally {
      await backend.stop();
    }
  });

  it('reads 60 repositories in at most 3 GraphQL requests, then serves the cache', async () => {
    const entities = repos
      .slice(0, 60)
      .map((repo, i) => component(`service-${i}`, repo));
    const backend = await startApi({ github, entities });
    try {
      github.control.resetStats();
      const first = await request(backend.server).get(PATH);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'ok', repositories: 60 });
      const stats = github.control.stats();
      expect(stats.graphql.requests).toBeLessThanOrEqual(3);
      expect(stats.graphql.byOperation.GroupPullRequests).toBe(
        stats.graphql.requests,
      );
      expect(stats.requests).toBe(stats.graphql.requests);

      github.control.resetStats();
      const second = await request(backend.server).get(PATH);
      expect(second.body).toEqual(first.body);
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
    }
  });

  it('shares one look-up between concurrent requests for a group', async () => {
    const entities = repos
      .slice(0, 5)
      .map((repo, i) => component(`service-${i}`, repo));
    const backend = await startApi({ github, entities });
    try {
      github.control.resetStats();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => request(backend.server).get(PATH)),
      );
      expect(answers.map(a => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(github.control.stats().graphql.requests).toBe(1);
    } finally {
      await backend.stop();
    }
  });

  it('asks GitHub again once the cache has expired', async () => {
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      githubPullRequests: { cacheSeconds: 0 },
    });
    try {
      github.control.resetStats();
      await request(backend.server).get(PATH).expect(200);
      await request(backend.server).get(PATH).expect(200);
      expect(github.control.stats().graphql.requests).toBe(2);
    } finally {
      await backend.stop();
    }
  });

  it('answers an empty result when no component names a repository', async () => {
    const backend = await startApi({
      github,
      entities: [component('no-repo', undefined)],
    });
    try {
      github.control.resetStats();
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        generatedAt: expect.any(String),
        repositories: 0,
        groups: { reviewRequired: [], reviewInProgress: [], approved: [] },
      });
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
    }
  });

  it('skips a repository that no longer exists', async () => {
    const { entities, thirdRepo } = await scenario();
    expect(github.control.deleteRepos([thirdRepo])).toEqual([thirdRepo]);
    const backend = await startApi({ github, entities });
    try {
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        repositories: 2,
        unavailableRepositories: [`meridian/${thirdRepo}`],
      });
      const all = Object.values(
        (res.body as GroupPullRequestsOk).groups,
      ).flat();
      expect(all).toHaveLength(7);
      expect(all.some(p => p.title === 'Document the API')).toBe(false);
    } finally {
      await backend.stop();
    }
  });

  it('says when more repositories than maxRepositories are owned', async () => {
    const entities = repos
      .slice(0, 5)
      .map((repo, i) => component(`service-${i}`, repo));
    const backend = await startApi({
      github,
      entities,
      githubPullRequests: { maxRepositories: 3 },
    });
    try {
      const res = await request(backend.server).get(PATH);
      expect(res.body).toMatchObject({
        status: 'ok',
        repositories: 3,
        truncated: true,
      });
    } finally {
      await backend.stop();
    }
  });

  it('says GitHub is not configured when there is no token', async () => {
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      token: null,
    });
    try {
      github.control.resetStats();
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'not-configured',
        message: expect.stringContaining(github.host),
      });
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
    }
  });

  it('says GitHub is not configured when no integration matches the host', async () => {
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      githubPullRequests: { host: 'github.example.com' },
    });
    try {
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'not-configured',
        message: expect.stringContaining('github.example.com'),
      });
    } finally {
      await backend.stop();
    }
  });

  it("serves only the configured organisations' repositories, whatever the token can read", async () => {
    const outside = (repository: string, organizations: string) => ({
      repository,
      reason: `${
        repository.split('/')[0]
      } is not one of the organisations the portal serves (${organizations})`,
    });
    // The local GitHub's organisation is configured: another owner's
    // repository is refused with its reason, never asked for.
    const served = await startApi({
      github,
      entities: [
        component('ledger', repos[0]),
        component('ledger-ui', `Meridian/${repos[1]}`),
        component('spy', 'octo-org/secrets'),
      ],
    });
    try {
      github.control.resetStats();
      const res = await request(served.server).get(PATH);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', repositories: 2 });
      expect(res.body.refusedRepositories).toEqual([
        outside('octo-org/secrets', github.org),
      ]);
      expect(res.body.unavailableRepositories).toBeUndefined();
      expect(github.control.stats().graphql.requests).toBe(1);
    } finally {
      await served.stop();
    }

    // Another organisation configured: the local one's repositories, which
    // the token reads, are refused without asking GitHub.
    const elsewhere = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      githubPullRequests: { organizations: ['meridian-bank'] },
    });
    try {
      github.control.resetStats();
      const res = await request(elsewhere.server).get(PATH);
      expect(res.body).toMatchObject({
        status: 'ok',
        repositories: 0,
        refusedRepositories: [
          outside(`${github.org}/${repos[0]}`, 'meridian-bank'),
        ],
      });
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await elsewhere.stop();
    }
  });

  it("defaults to the organisations the catalog ingests from the card's host, and serves none without any", async () => {
    const fromCatalog = await startApi({
      github,
      entities: [
        component('ledger', repos[0]),
        component('other', 'elsewhere/service'),
      ],
      githubPullRequests: { organizations: null },
      config: {
        catalog: {
          providers: {
            githubRepos: {
              local: {
                host: github.host,
                organization: github.org.toUpperCase(),
              },
              // Another host: not an organisation of the card's.
              public: { organization: 'elsewhere' },
            },
          },
        },
      },
    });
    try {
      const res = await request(fromCatalog.server).get(PATH);
      expect(res.body).toMatchObject({ status: 'ok', repositories: 1 });
      expect(res.body.refusedRepositories).toEqual([
        {
          repository: 'elsewhere/service',
          reason: `elsewhere is not one of the organisations the portal serves (${github.org})`,
        },
      ]);
    } finally {
      await fromCatalog.stop();
    }

    const none = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      githubPullRequests: { organizations: null },
    });
    try {
      github.control.resetStats();
      const res = await request(none.server).get(PATH);
      expect(res.body).toEqual({
        status: 'not-configured',
        message: `No GitHub organisation is configured for the pull requests card: set githubPullRequests.organizations (or catalog.providers.githubRepos.<id>.organization for ${github.host}).`,
      });
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await none.stop();
    }
  });

  it('reports a spent rate limit with its reset time, without waiting', async () => {
    github.control.exhaustRateLimit('graphql', 600);
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
    });
    try {
      const started = Date.now();
      const res = await request(backend.server).get(PATH);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'rate-limited',
        message: expect.any(String),
      });
      const resetAt = Date.parse(res.body.resetAt);
      expect(resetAt).toBeGreaterThan(Date.now() + 500_000);
      expect(resetAt).toBeLessThan(Date.now() + 700_000);
    } finally {
      await backend.stop();
    }
  });

  it('reports a secondary rate limit (403 with retry-after) as rate limited', async () => {
    github.control.injectFault({
      status: 403,
      count: 1,
      pathPattern: '^/graphql',
      retryAfterSeconds: 90,
    });
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
    });
    try {
      const res = await request(backend.server).get(PATH);
      expect(res.body.status).toBe('rate-limited');
      expect(Date.parse(res.body.resetAt)).toBeGreaterThan(Date.now() + 60_000);
    } finally {
      await backend.stop();
    }
  });

  it('retries GitHub server errors twice, then answers 502 with a message', async () => {
    const backend = await startApi({
      github,
      entities: [
        component('ledger', repos[0]),
        component('payments', repos[1], { owner: 'squad-borealis' }),
      ],
    });
    try {
      github.control.injectFault({
        status: 502,
        count: 2,
        pathPattern: '^/graphql',
      });
      const recovered = await request(backend.server).get(PATH);
      expect(recovered.status).toBe(200);
      expect(recovered.body.status).toBe('ok');

      const other =
        '/api/github-pull-requests/groups/default/squad-borealis/pull-requests';
      github.control.injectFault({
        status: 502,
        count: 3,
        pathPattern: '^/graphql',
      });
      const failed = await request(backend.server).get(other);
      expect(failed.status).toBe(502);
      expect(failed.body.error).toMatchObject({
        name: 'GitHubUnavailableError',
        message: expect.stringMatching(
          /GitHub did not answer .*HTTP 502.*3 attempts/,
        ),
      });
      // Failures are not cached: the next request asks again.
      const again = await request(backend.server).get(other);
      expect(again.status).toBe(200);
    } finally {
      await backend.stop();
    }
  });

  it('rejects bad group names with 400 naming the field', async () => {
    const backend = await startApi({ github, entities: [] });
    try {
      const bad = await request(backend.server).get(
        '/api/github-pull-requests/groups/default/squad%20aura!/pull-requests',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid request: name: /);
      const long = await request(backend.server).get(
        `/api/github-pull-requests/groups/${'n'.repeat(
          64,
        )}/squad-aura/pull-requests`,
      );
      expect(long.status).toBe(400);
      expect(long.body.error.message).toBe(
        'Invalid request: namespace: must be at most 63 characters',
      );
    } finally {
      await backend.stop();
    }
  });

  it('answers 403 when the permission is denied', async () => {
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      github.control.resetStats();
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
    }
  });
});
