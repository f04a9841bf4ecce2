import request from 'supertest';
import { LocalGitHub } from '@internal/dev-github';
import { component, startApi } from './__testUtils__/testBackend';
import { PATH, useSquadGitHub } from './__testUtils__/squadPullRequests';

jest.setTimeout(60_000);

/** How GitHub is asked: few requests, a shared and expiring cache, rate limits and server errors. */
describe('GET /groups/:namespace/:name/pull-requests', () => {
  let github: LocalGitHub;
  let repos: string[];

  useSquadGitHub(started => ({ github, repos } = started));

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
});
