import { createHash } from 'crypto';
import { Octokit, RestEndpointMethodTypes } from '@octokit/rest';
import { LocalGitHub, startGitHubServer } from './index';

type Repo =
  RestEndpointMethodTypes['repos']['listForOrg']['response']['data'][number];
type Team =
  RestEndpointMethodTypes['teams']['list']['response']['data'][number];
type Member =
  RestEndpointMethodTypes['teams']['listMembersInOrg']['response']['data'][number];

/** octokit.paginate (Link headers), typed here: duplicate @octokit/types copies defeat its inference. */
function paginate<T>(
  client: Octokit,
  route: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  return client.paginate(route, params) as Promise<T[]>;
}

const TOKEN = 'dev-token';

describe('REST API, through @octokit/rest', () => {
  let github: LocalGitHub;
  let octokit: Octokit;

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 250, seed: 7, token: TOKEN });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: TOKEN });
  });

  afterAll(() => github.close());

  beforeEach(() => github.control.reset());

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

  async function findRepo(
    predicate: (files: string[]) => boolean,
  ): Promise<string> {
    const repos = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    for (const r of repos) {
      const tree = await octokit.git.getTree({
        owner: 'meridian',
        repo: r.name,
        tree_sha: r.default_branch!,
        recursive: '1',
      });
      if (predicate(tree.data.tree.map(e => e.path!))) return r.name;
    }
    throw new Error('no repository matches');
  }

  it('serves file contents as base64 JSON, raw, and 304 on a matching ETag', async () => {
    const repo = await findRepo(files => files.includes('catalog-info.yaml'));
    const json = await octokit.repos.getContent({
      owner: 'meridian',
      repo,
      path: 'catalog-info.yaml',
    });
    const file = json.data as {
      type: string;
      encoding: string;
      content: string;
      size: number;
      sha: string;
      name: string;
      path: string;
      download_url: string;
      html_url: string;
    };
    expect(file.type).toBe('file');
    expect(file.encoding).toBe('base64');
    expect(file.name).toBe('catalog-info.yaml');
    // GitHub wraps base64 at 60 characters.
    const lines = file.content.split('\n').filter(Boolean);
    expect(lines.slice(0, -1).every(l => l.length === 60)).toBe(true);
    const text = Buffer.from(file.content, 'base64').toString('utf8');
    expect(file.size).toBe(Buffer.byteLength(text));
    expect(text).toContain('kind: Component');
    expect(text).toContain(`name: ${repo}`);
    expect(text).toMatch(/owner: squad-[a-z]+/);
    expect(text).toMatch(/lifecycle: \w+/);

    const raw = await fetch(
      `${
        github.apiBaseUrl
      }/repos/meridian/${repo}/contents/catalog-info.yaml?ref=${
        file.html_url.split('/blob/')[1].split('/')[0]
      }`,
      {
        headers: {
          accept: 'application/vnd.github.v3.raw',
          authorization: `token ${TOKEN}`,
        },
      },
    );
    expect(raw.status).toBe(200);
    expect(await raw.text()).toBe(text);
    const etag = raw.headers.get('etag')!;
    expect(etag).toBe(`"${file.sha}"`);
    const before = Number(raw.headers.get('x-ratelimit-remaining'));

    const again = await fetch(
      `${github.apiBaseUrl}/repos/meridian/${repo}/contents/catalog-info.yaml`,
      {
        headers: {
          accept: 'application/vnd.github.v3.raw',
          authorization: `Bearer ${TOKEN}`,
          'if-none-match': etag,
        },
      },
    );
    expect(again.status).toBe(304);
    // A 304 is not charged.
    const rate = await octokit.rateLimit.get();
    expect(rate.data.resources.core.remaining).toBe(before);

    // download_url serves the same bytes (raw.githubusercontent.com style).
    const download = await fetch(file.download_url, {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(await download.text()).toBe(text);

    await expect(
      octokit.repos.getContent({ owner: 'meridian', repo, path: 'nope.txt' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.repos.getContent({
        owner: 'meridian',
        repo,
        path: 'README.md',
        ref: 'no-such-branch',
      }),
    ).rejects.toMatchObject({
      status: 404,
      response: {
        data: { message: 'No commit found for the ref no-such-branch' },
      },
    });
  });

  it('lists directories, including the root', async () => {
    const repo = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 1 })
    ).data[0].name;
    const root = await octokit.repos.getContent({
      owner: 'meridian',
      repo,
      path: '',
    });
    expect(Array.isArray(root.data)).toBe(true);
    const entries = root.data as Array<{
      type: string;
      name: string;
      download_url: string | null;
    }>;
    expect(entries.some(e => e.type === 'dir')).toBe(true);
    expect(
      entries.filter(e => e.type === 'dir').every(e => e.download_url === null),
    ).toBe(true);
  });

  it('agrees between trees, blobs, commits and contents (real git SHAs)', async () => {
    const repo = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 1 })
    ).data[0];
    const commit = await octokit.repos.getCommit({
      owner: 'meridian',
      repo: repo.name,
      ref: repo.default_branch!,
    });
    expect(commit.data.sha).toMatch(/^[0-9a-f]{40}$/);
    const tree = await octokit.git.getTree({
      owner: 'meridian',
      repo: repo.name,
      tree_sha: commit.data.commit.tree.sha,
      recursive: '1',
    });
    const blobEntry = tree.data.tree.find(e => e.type === 'blob')!;
    const blob = await octokit.git.getBlob({
      owner: 'meridian',
      repo: repo.name,
      file_sha: blobEntry.sha!,
    });
    const content = await octokit.repos.getContent({
      owner: 'meridian',
      repo: repo.name,
      path: blobEntry.path!,
    });
    expect((content.data as { sha: string }).sha).toBe(blobEntry.sha);
    expect(blob.data.size).toBe(blobEntry.size);
    // git's own blob hash of the content
    const bytes = Buffer.from(blob.data.content, 'base64');
    expect(
      createHash('sha1')
        .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
        .digest('hex'),
    ).toBe(blobEntry.sha);
  });

  it('answers branch protection with 200, or 404 "Branch not protected"', async () => {
    const repos = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    const sample = repos.slice(0, 60);
    const branches = await Promise.all(
      sample.map(r =>
        octokit.repos.getBranch({
          owner: 'meridian',
          repo: r.name,
          branch: r.default_branch!,
        }),
      ),
    );
    const isProtected = sample.filter((_, i) => branches[i].data.protected);
    const notProtected = sample.filter((_, i) => !branches[i].data.protected);
    for (const r of isProtected) {
      const p = await octokit.repos.getBranchProtection({
        owner: 'meridian',
        repo: r.name,
        branch: r.default_branch!,
      });
      expect(p.data.enforce_admins).toEqual(
        expect.objectContaining({ enabled: expect.any(Boolean) }),
      );
    }
    for (const r of notProtected) {
      await expect(
        octokit.repos.getBranchProtection({
          owner: 'meridian',
          repo: r.name,
          branch: r.default_branch!,
        }),
      ).rejects.toMatchObject({
        status: 404,
        response: { data: { message: 'Branch not protected' } },
      });
    }
    expect(isProtected.length).toBeGreaterThan(20);
    expect(isProtected.length).toBeLessThan(50);
    const unprotected = notProtected[0].name;
    github.control.setBranchProtection(unprotected, {
      requiredApprovingReviewCount: 2,
    });
    const branch = (
      await octokit.repos.get({ owner: 'meridian', repo: unprotected })
    ).data.default_branch;
    const p = await octokit.repos.getBranchProtection({
      owner: 'meridian',
      repo: unprotected,
      branch,
    });
    expect(
      p.data.required_pull_request_reviews?.required_approving_review_count,
    ).toBe(2);
  });

  it('answers the combined status of the default branch head', async () => {
    const repos = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 40 })
    ).data;
    const hasCi = async (repo: string) =>
      (
        await octokit.repos
          .getContent({ owner: 'meridian', repo, path: '.github/workflows' })
          .catch(e => e)
      ).status === 200;
    const ci = await Promise.all(repos.map(r => hasCi(r.name)));
    const withCi = repos.filter((_, i) => ci[i]);
    const withoutCi = repos.find((_, i) => !ci[i])!;
    expect(withCi.length).toBeGreaterThan(20);
    expect(withoutCi).toBeDefined();

    const states = new Set<string>();
    for (const r of withCi) {
      const branch = r.default_branch!;
      const { data } = await octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: r.name,
        ref: branch,
      });
      states.add(data.state);
      expect(data.state).toMatch(/^(success|failure)$/);
      expect(data.total_count).toBe(1);
      expect(data.statuses).toEqual([
        expect.objectContaining({
          state: data.state,
          context: 'build',
          url: `${github.url}/repos/meridian/${r.name}/statuses/${data.sha}`,
        }),
      ]);
      expect(data.repository.full_name).toBe(`meridian/${r.name}`);
      expect(data.url).toBe(
        `${github.url}/repos/meridian/${r.name}/commits/${data.sha}/status`,
      );
      const head = await octokit.repos.getBranch({
        owner: 'meridian',
        repo: r.name,
        branch,
      });
      expect(data.sha).toBe(head.data.commit.sha);
      // By SHA, the same answer.
      const bySha = await octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: r.name,
        ref: data.sha,
      });
      expect(bySha.data).toEqual(data);
    }
    expect(states).toEqual(new Set(['success', 'failure']));

    // No workflow file: pending with no statuses, as GitHub answers.
    const none = await octokit.repos.getCombinedStatusForRef({
      owner: 'meridian',
      repo: withoutCi.name,
      ref: withoutCi.default_branch!,
    });
    expect(none.data).toMatchObject({
      state: 'pending',
      total_count: 0,
      statuses: [],
    });

    github.control.setCommitStatus(withoutCi.name, 'FAILURE');
    const failed = await octokit.repos.getCombinedStatusForRef({
      owner: 'meridian',
      repo: withoutCi.name,
      ref: 'HEAD',
    });
    expect(failed.data.state).toBe('failure');
    expect(failed.data.statuses.map(x => x.state)).toEqual(['failure']);
    github.control.setCommitStatus(withoutCi.name, 'PENDING');
    const pending = await octokit.repos.getCombinedStatusForRef({
      owner: 'meridian',
      repo: withoutCi.name,
      ref: 'HEAD',
    });
    expect(pending.data).toMatchObject({ state: 'pending', total_count: 1 });

    await expect(
      octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: withCi[0].name,
        ref: 'no-such-branch',
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: 'nope-00001',
        ref: 'main',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('serves squads as teams with members and repositories', async () => {
    const teams = await paginate<Team>(octokit, 'GET /orgs/{org}/teams', {
      org: 'meridian',
      per_page: 100,
    });
    // 30 squads nested under 6 colonies under the organisation's team.
    expect(teams).toHaveLength(37);
    expect(teams.map(t => t.slug)).toContain('squad-aura');
    expect(teams.find(t => t.slug === 'squad-aura')?.parent?.slug).toBe(
      'colony-payments',
    );
    expect(teams.find(t => t.slug === 'colony-payments')?.parent?.slug).toBe(
      'meridian',
    );
    const aura = await octokit.teams.getByName({
      org: 'meridian',
      team_slug: 'squad-aura',
    });
    expect(aura.data.name).toBe('Squad Aura');
    const members = await paginate<Member>(
      octokit,
      'GET /orgs/{org}/teams/{team_slug}/members',
      {
        org: 'meridian',
        team_slug: 'squad-aura',
        per_page: 100,
      },
    );
    expect(members.length).toBeGreaterThan(5);
    expect(aura.data.members_count).toBe(members.length);
    const repos = await paginate<Repo>(
      octokit,
      'GET /orgs/{org}/teams/{team_slug}/repos',
      {
        org: 'meridian',
        team_slug: 'squad-aura',
        per_page: 100,
      },
    );
    expect(repos.length).toBeGreaterThan(0);
    expect(aura.data.repos_count).toBe(repos.length);
    await expect(
      octokit.teams.getByName({ org: 'meridian', team_slug: 'squad-nope' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('lists pull requests with reviews, and finds them with several repo: qualifiers', async () => {
    const repos = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    const withPulls: string[] = [];
    let total = 0;
    for (const r of repos) {
      if (r.open_issues_count === 0) continue;
      const pulls = await octokit.pulls.list({
        owner: 'meridian',
        repo: r.name,
        state: 'open',
      });
      if (pulls.data.length > 0) withPulls.push(r.name);
      total += pulls.data.length;
      for (const p of pulls.data) {
        expect(p.state).toBe('open');
        expect(p.user?.login).toBeTruthy();
        expect(p.base.ref).toBe(r.default_branch);
      }
      if (withPulls.length >= 4) break;
    }
    expect(withPulls.length).toBe(4);

    const repo = withPulls[0];
    const pulls = await octokit.pulls.list({ owner: 'meridian', repo });
    const one = await octokit.pulls.get({
      owner: 'meridian',
      repo,
      pull_number: pulls.data[0].number,
    });
    expect(one.data.number).toBe(pulls.data[0].number);
    expect(typeof one.data.additions).toBe('number');
    const reviews = await octokit.pulls.listReviews({
      owner: 'meridian',
      repo,
      pull_number: pulls.data[0].number,
    });
    for (const rv of reviews.data) {
      expect([
        'APPROVED',
        'CHANGES_REQUESTED',
        'COMMENTED',
        'DISMISSED',
      ]).toContain(rv.state);
    }

    const q = `is:pr is:open ${withPulls
      .slice(0, 3)
      .map(n => `repo:meridian/${n}`)
      .join(' ')}`;
    const search = await octokit.search.issuesAndPullRequests({
      q,
      per_page: 100,
    });
    const found = new Set(
      search.data.items.map(i => i.repository_url.split('/').pop()),
    );
    expect([...found].sort()).toEqual(withPulls.slice(0, 3).sort());
    expect(search.data.items.every(i => i.pull_request)).toBe(true);
    expect(search.data.total_count).toBe(search.data.items.length);
    expect(search.headers['x-ratelimit-resource']).toBe('search');
    expect(search.headers['x-ratelimit-limit']).toBe('30');
    expect(total).toBeGreaterThan(0);

    // A repository that does not exist fails the whole query, as on GitHub.
    await expect(
      octokit.search.issuesAndPullRequests({
        q: `${q} repo:meridian/does-not-exist-00001`,
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('searches by author and label across the organisation', async () => {
    const all = await octokit.search.issuesAndPullRequests({
      q: 'is:pr is:open org:meridian label:dependencies',
      per_page: 100,
    });
    expect(all.data.total_count).toBeGreaterThan(0);
    expect(
      all.data.items.every(i =>
        i.labels.some(
          l => (typeof l === 'string' ? l : l.name) === 'dependencies',
        ),
      ),
    ).toBe(true);
    const login = all.data.items[0].user!.login;
    const byAuthor = await octokit.search.issuesAndPullRequests({
      q: `is:pr author:${login} org:meridian`,
      per_page: 100,
    });
    expect(byAuthor.data.items.every(i => i.user!.login === login)).toBe(true);
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
