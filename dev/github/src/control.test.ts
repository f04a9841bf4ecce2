import { gunzipSync } from 'zlib';
import { graphql as octokitGraphql } from '@octokit/graphql';
import { Octokit, RestEndpointMethodTypes } from '@octokit/rest';
import { LocalGitHub, startGitHubServer } from './index';

type Repo =
  RestEndpointMethodTypes['repos']['listForOrg']['response']['data'][number];

/** octokit.paginate (Link headers), typed here: duplicate @octokit/types copies defeat its inference. */
function paginate<T>(
  client: Octokit,
  route: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  return client.paginate(route, params) as Promise<T[]>;
}

describe('rate limits', () => {
  let github: LocalGitHub;
  let octokit: Octokit;

  beforeAll(async () => {
    github = await startGitHubServer({
      repoCount: 20,
      rateLimit: { limit: 5, windowSeconds: 2 },
    });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl });
  });

  afterAll(() => github.close());

  it('answers 403 with GitHub headers when the core budget is spent, and resets after the window', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await octokit.repos.listForOrg({
        org: 'meridian',
        per_page: 1,
      });
      seen.push(Number(res.headers['x-ratelimit-remaining']));
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-resource']).toBe('core');
      expect(Number(res.headers['x-ratelimit-used'])).toBe(i + 1);
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    const refused = await octokit.repos
      .listForOrg({ org: 'meridian' })
      .catch(e => e);
    expect(refused.status).toBe(403);
    expect(refused.response.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.response.data.message).toMatch(
      /^API rate limit exceeded for user ID 1\./,
    );
    expect(refused.response.data.documentation_url).toBe(
      'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
    );
    const reset = Number(refused.response.headers['x-ratelimit-reset']);
    expect(reset * 1000).toBeGreaterThan(Date.now() - 1000);

    // /rate_limit is free and tells the same story.
    const status = await octokit.rateLimit.get();
    expect(status.data.resources.core.remaining).toBe(0);
    expect(status.data.resources.core.reset).toBe(reset);

    await new Promise(r =>
      setTimeout(r, Math.max(0, reset * 1000 - Date.now()) + 50),
    );
    const again = await octokit.repos.listForOrg({
      org: 'meridian',
      per_page: 1,
    });
    expect(again.headers['x-ratelimit-remaining']).toBe('4');
  });

  it('answers GraphQL with RATE_LIMITED (HTTP 200) when the graphql budget is spent', async () => {
    github.control.setRateLimit({
      resource: 'graphql',
      remaining: 0,
      resetInSeconds: 60,
    });
    const res = await fetch(github.graphqlUrl, {
      method: 'POST',
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    const body = await res.json();
    expect(body.errors[0].type).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toMatch(/^API rate limit exceeded/);
    const gql = octokitGraphql.defaults({ baseUrl: github.apiBaseUrl });
    await expect(gql('{ viewer { login } }')).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'RATE_LIMITED' })],
    });
    github.control.resetRateLimits();
    await expect(gql('{ viewer { login } }')).resolves.toBeTruthy();
  });

  it('limits search separately (30 per minute by default)', async () => {
    github.control.resetRateLimits();
    const res = await octokit.search.issuesAndPullRequests({
      q: 'is:pr org:meridian',
    });
    expect(res.headers['x-ratelimit-resource']).toBe('search');
    expect(res.headers['x-ratelimit-limit']).toBe('30');
    github.control.exhaustRateLimit('search');
    await expect(
      octokit.search.issuesAndPullRequests({ q: 'is:pr org:meridian' }),
    ).rejects.toMatchObject({ status: 403 });
    // core is untouched
    await expect(octokit.orgs.get({ org: 'meridian' })).resolves.toBeTruthy();
  });
});

describe('faults and the control API', () => {
  let github: LocalGitHub;
  let octokit: Octokit;

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 120, seed: 11 });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl });
  });

  afterAll(() => github.close());

  beforeEach(() => github.control.reset());

  it('injects 502s for the next n matching requests, then recovers', async () => {
    github.control.injectFault({
      status: 502,
      count: 2,
      pathPattern: '^/orgs/meridian/repos',
    });
    await expect(
      octokit.repos.listForOrg({ org: 'meridian' }),
    ).rejects.toMatchObject({
      status: 502,
    });
    // Non-matching paths are unaffected.
    await expect(octokit.orgs.get({ org: 'meridian' })).resolves.toBeTruthy();
    await expect(
      octokit.repos.listForOrg({ org: 'meridian' }),
    ).rejects.toMatchObject({
      status: 502,
    });
    await expect(
      octokit.repos.listForOrg({ org: 'meridian' }),
    ).resolves.toBeTruthy();
    expect(github.control.listFaults()).toEqual([]);
    expect(github.control.stats().faultsInjected).toBe(2);
  });

  it('fails a ratio of requests, and GraphQL 502s look like GitHub timeouts', async () => {
    github.control.injectFault({ status: 503, ratio: 0.5 });
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        octokit.orgs.get({ org: 'meridian' }).then(
          () => 200,
          e => e.status,
        ),
      ),
    );
    expect(results.filter(s => s === 503).length).toBeGreaterThan(5);
    expect(results.filter(s => s === 200).length).toBeGreaterThan(5);
    github.control.clearFaults();

    github.control.injectFault({
      status: 502,
      count: 1,
      pathPattern: '^/graphql',
    });
    const res = await fetch(github.graphqlUrl, {
      method: 'POST',
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    });
    expect(res.status).toBe(502);
    expect((await res.json()).errors[0].message).toMatch(
      /Something went wrong/,
    );
  });

  it('adds latency, per fault and on demand', async () => {
    github.control.injectFault({ latencyMs: 300, count: 1 });
    const started = Date.now();
    await octokit.orgs.get({ org: 'meridian' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('simulates secondary rate limits with retry-after', async () => {
    github.control.injectFault({ status: 403, count: 1, retryAfterSeconds: 7 });
    const e = await octokit.orgs.get({ org: 'meridian' }).catch(x => x);
    expect(e.status).toBe(403);
    expect(e.response.headers['retry-after']).toBe('7');
    expect(e.response.data.message).toMatch(/secondary rate limit/);
  });

  it('deletes repositories and sets the repository count', async () => {
    const before = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    expect(before).toHaveLength(120);
    const victim = before[10].name;
    expect(github.control.deleteRepos([victim, 'not-a-repo'])).toEqual([
      victim,
    ]);
    await expect(
      octokit.repos.get({ owner: 'meridian', repo: victim }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const after = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    expect(after).toHaveLength(119);
    expect(after.map(r => r.name)).not.toContain(victim);

    github.control.setRepoCount(0);
    const none = await octokit.repos.listForOrg({ org: 'meridian' });
    expect(none.data).toEqual([]);
    expect(none.headers.link).toBeUndefined();
    const gql = octokitGraphql.defaults({ baseUrl: github.apiBaseUrl });
    const empty = await gql<{
      organization: { repositories: { totalCount: number } };
    }>(
      '{ organization(login: "meridian") { repositories(first: 10) { totalCount } } }',
    );
    expect(empty.organization.repositories.totalCount).toBe(0);

    github.control.setRepoCount(120);
    const back = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    // Deletions persist across count changes; everything else comes back as it was.
    expect(back.map(r => r.name)).toEqual(after.map(r => r.name));
  });

  it('adds a CODEOWNERS file as a new commit on the default branch', async () => {
    const repos = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    let target: string | undefined;
    for (const r of repos) {
      const res = await octokit.repos
        .getContent({
          owner: 'meridian',
          repo: r.name,
          path: '.github/CODEOWNERS',
        })
        .catch(e => e);
      if (res.status === 404) {
        target = r.name;
        break;
      }
    }
    expect(target).toBeDefined();
    const repo = target!;
    const commitBefore = await octokit.repos.getCommit({
      owner: 'meridian',
      repo,
      ref: 'HEAD',
    });

    github.control.putFile(
      repo,
      '.github/CODEOWNERS',
      '* @meridian/squad-orion\n',
    );
    const file = await octokit.repos.getContent({
      owner: 'meridian',
      repo,
      path: '.github/CODEOWNERS',
    });
    expect(
      Buffer.from(
        (file.data as { content: string }).content,
        'base64',
      ).toString(),
    ).toBe('* @meridian/squad-orion\n');
    const commitAfter = await octokit.repos.getCommit({
      owner: 'meridian',
      repo,
      ref: 'HEAD',
    });
    expect(commitAfter.data.sha).not.toBe(commitBefore.data.sha);
    expect(commitAfter.data.parents[0].sha).toBe(commitBefore.data.sha);
    const meta = await octokit.repos.get({ owner: 'meridian', repo });
    expect(Date.parse(meta.data.pushed_at!)).toBeGreaterThan(
      Date.now() - 60_000,
    );

    // Over HTTP too (for tests in other processes): remove it again.
    const del = await fetch(
      `${github.url}/_control/repos/${repo}/files/.github/CODEOWNERS`,
      { method: 'DELETE' },
    );
    expect(await del.json()).toEqual({ deleted: true });
    await expect(
      octokit.repos.getContent({
        owner: 'meridian',
        repo,
        path: '.github/CODEOWNERS',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('drives everything over HTTP under /_control', async () => {
    const info = await (await fetch(`${github.url}/_control`)).json();
    expect(info).toEqual(
      expect.objectContaining({ org: 'meridian', repoCount: 120, seed: 11 }),
    );
    const fault = await fetch(`${github.url}/_control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 500, count: 1 }),
    });
    expect(fault.status).toBe(201);
    await expect(octokit.orgs.get({ org: 'meridian' })).rejects.toMatchObject({
      status: 500,
    });
    await fetch(`${github.url}/_control/rate-limit`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resource: 'core',
        remaining: 0,
        resetInSeconds: 30,
      }),
    });
    await expect(octokit.orgs.get({ org: 'meridian' })).rejects.toMatchObject({
      status: 403,
    });
    await fetch(`${github.url}/_control/rate-limit`, { method: 'DELETE' });
    await fetch(`${github.url}/_control/repo-count`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 3 }),
    });
    expect(
      (await octokit.repos.listForOrg({ org: 'meridian' })).data,
    ).toHaveLength(3);
    const members = await (
      await fetch(`${github.url}/_control/squads/squad-aura/members`)
    ).json();
    const repo = (await octokit.repos.listForOrg({ org: 'meridian' })).data[0]
      .name;
    const pr = await fetch(`${github.url}/_control/repos/${repo}/pulls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'From HTTP', author: members[0] }),
    });
    const { number } = await pr.json();
    const got = await octokit.pulls.get({
      owner: 'meridian',
      repo,
      pull_number: number,
    });
    expect(got.data.title).toBe('From HTTP');
    expect(got.data.user!.login).toBe(members[0]);
  });

  it('counts requests per route and per resource', async () => {
    github.control.resetStats();
    await octokit.repos.listForOrg({ org: 'meridian', per_page: 5 });
    const repo = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 1 })
    ).data[0].name;
    await octokit.repos.getContent({ owner: 'meridian', repo, path: '' });
    await octokitGraphql.defaults({ baseUrl: github.apiBaseUrl })(
      'query Names { organization(login: "meridian") { repositories(first: 5) { nodes { name } } } }',
    );
    const stats = github.control.stats();
    expect(stats.requests).toBe(4);
    expect(stats.byRoute['GET /orgs/{org}/repos']).toBe(2);
    expect(stats.byRoute['GET /repos/{owner}/{repo}/contents/{path*}']).toBe(1);
    expect(stats.byRoute['POST /graphql']).toBe(1);
    expect(stats.byResource).toEqual({ core: 3, graphql: 1 });
    expect(stats.graphql).toEqual({
      requests: 1,
      cost: 1,
      byOperation: { Names: 1 },
    });
    const overHttp = await (await fetch(`${github.url}/_control/stats`)).json();
    expect(overHttp.requests).toBe(4);
  });

  it('serves tarballs that GitHub-style readers can unpack', async () => {
    const repo = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 1 })
    ).data[0];
    const res = await fetch(
      `${github.apiBaseUrl}/repos/meridian/${repo.name}/tarball/${repo.default_branch}`,
    );
    expect(res.status).toBe(200);
    const tar = gunzipSync(Buffer.from(await res.arrayBuffer()));
    const firstName = tar
      .subarray(0, 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    expect(firstName).toMatch(
      new RegExp(`^meridian-${repo.name}-[0-9a-f]{7}/$`),
    );
    expect(tar.toString('latin1')).toContain('.gitignore');
  });
});
