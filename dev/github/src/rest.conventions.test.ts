import { Octokit } from '@octokit/rest';
import { LocalGitHub, startGitHubServer } from './index';
import { paginate, Repo, TOKEN, useRestGitHub } from './__testUtils__/clients';

/** GitHub's conventions: Link-header paging, sorting and filters, the same organisation for the same seed, 401s, 404s and numeric-id URLs. */
describe('REST API, through @octokit/rest', () => {
  let github: LocalGitHub;
  let octokit: Octokit;

  useRestGitHub(started => ({ github, octokit } = started));

  it('pages through all 250 repositories with Link headers', async () => {
    const first = await octokit.repos.listForOrg({
      org: 'meridian',
      per_page: 100,
    });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toMatch(/rel="next"/);
    expect(first.headers.link).toMatch(/page=3>; rel="last"/);

    const all = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    expect(all).toHaveLength(250);
    expect(new Set(all.map(r => r.name)).size).toBe(250);
    for (const r of all) {
      expect(r.name).toMatch(/^[a-z]+(-[a-z]+)*-\d{5}$/);
      expect(r.full_name).toBe(`meridian/${r.name}`);
      expect(r.owner.login).toBe('meridian');
      expect(['main', 'master']).toContain(r.default_branch);
    }
    // Default order is newest first, as on GitHub.
    const created = all.map(r => Date.parse(r.created_at!));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const squads = all.filter(r => r.topics!.some(t => t.startsWith('squad-')));
    expect(squads.length).toBeGreaterThan(150);
    const withProperty = all.filter(
      r =>
        (r as { custom_properties?: Record<string, string> }).custom_properties
          ?.squad,
    );
    expect(withProperty.length / all.length).toBeGreaterThan(0.65);
    expect(withProperty.length / all.length).toBeLessThan(0.95);
    expect(all.filter(r => r.archived).length).toBeLessThan(25);
  });

  it('writes prev/next/last/first in GitHub order on a middle page', async () => {
    const res = await octokit.repos.listForOrg({
      org: 'meridian',
      per_page: 50,
      page: 3,
    });
    const rels = [...res.headers.link!.matchAll(/rel="(\w+)"/g)].map(m => m[1]);
    expect(rels).toEqual(['prev', 'next', 'last', 'first']);
    expect(res.headers.link).toContain('per_page=50&page=2>; rel="prev"');
  });

  it('sorts by full_name ascending and filters by type', async () => {
    const byName = await octokit.repos.listForOrg({
      org: 'meridian',
      sort: 'full_name',
      per_page: 100,
    });
    const names = byName.data.map(r => r.name);
    expect(names).toEqual([...names].sort());
    const publicOnly = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      type: 'public',
      per_page: 100,
    });
    expect(publicOnly.every(r => !r.private)).toBe(true);
    const org = await octokit.orgs.get({ org: 'meridian' });
    expect(org.data.public_repos).toBe(publicOnly.length);
  });

  it('serves the same organisation from a second server with the same seed', async () => {
    const twin = await startGitHubServer({ repoCount: 250, seed: 7 });
    try {
      const other = new Octokit({ baseUrl: twin.apiBaseUrl });
      const a = await octokit.repos.listForOrg({
        org: 'meridian',
        per_page: 100,
        page: 2,
      });
      const b = await other.repos.listForOrg({
        org: 'meridian',
        per_page: 100,
        page: 2,
      });
      // Only the port differs between two servers.
      const strip = (r: object) =>
        JSON.stringify(r).replace(/127\.0\.0\.1:\d+/g, 'host');
      expect(b.data.map(strip)).toEqual(a.data.map(strip));
      const name = a.data[5].name;
      const fileA = await octokit.repos.getContent({
        owner: 'meridian',
        repo: name,
        path: '',
      });
      const fileB = await other.repos.getContent({
        owner: 'meridian',
        repo: name,
        path: '',
      });
      expect(strip(fileB.data)).toEqual(strip(fileA.data));
      const pullsA = await octokit.pulls.list({
        owner: 'meridian',
        repo: name,
        state: 'all',
      });
      const pullsB = await other.pulls.list({
        owner: 'meridian',
        repo: name,
        state: 'all',
      });
      expect(pullsB.data.map(strip)).toEqual(pullsA.data.map(strip));
    } finally {
      await twin.close();
    }
    const differentSeed = await startGitHubServer({ repoCount: 250, seed: 8 });
    try {
      const other = new Octokit({ baseUrl: differentSeed.apiBaseUrl });
      const a = await octokit.repos.listForOrg({
        org: 'meridian',
        per_page: 100,
      });
      const b = await other.repos.listForOrg({
        org: 'meridian',
        per_page: 100,
      });
      expect(b.data.map(r => r.name)).not.toEqual(a.data.map(r => r.name));
    } finally {
      await differentSeed.close();
    }
  });

  it('refuses a wrong token with 401 Bad credentials', async () => {
    const wrong = new Octokit({ baseUrl: github.apiBaseUrl, auth: 'wrong' });
    await expect(
      wrong.repos.listForOrg({ org: 'meridian' }),
    ).rejects.toMatchObject({
      status: 401,
      response: {
        data: {
          message: 'Bad credentials',
          documentation_url: expect.stringContaining('docs.github.com'),
        },
      },
    });
    const none = await fetch(`${github.apiBaseUrl}/orgs/meridian`);
    expect(none.status).toBe(401);
  });

  it('answers unknown routes and repositories with GitHub 404s', async () => {
    const res = await fetch(`${github.apiBaseUrl}/no/such/route`, {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(
      expect.objectContaining({
        message: 'Not Found',
        documentation_url: expect.any(String),
      }),
    );
    await expect(
      octokit.repos.get({ owner: 'meridian', repo: 'payments-api-99999' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('follows the numeric-id URLs GitHub puts in responses', async () => {
    const page = await octokit.repos.listForOrg({
      org: 'meridian',
      per_page: 2,
    });
    const next = /<([^>]+)>; rel="next"/.exec(page.headers.link!)![1];
    expect(next).toContain('/organizations/');
    const res = await octokit.request(`GET ${next}`);
    expect(res.data).toHaveLength(2);
    const team = (
      await octokit.teams.getByName({
        org: 'meridian',
        team_slug: 'squad-orion',
      })
    ).data;
    const members = await octokit.request(
      `GET ${team.members_url.replace('{/member}', '')}`,
    );
    expect(members.status).toBe(200);
  });
});
