import { Octokit } from '@octokit/rest';
import {
  Member,
  paginate,
  Repo,
  Team,
  useRestGitHub,
} from './__testUtils__/clients';

/** Teams, pull requests with their reviews, and search. */
describe('REST API, through @octokit/rest', () => {
  let octokit: Octokit;

  useRestGitHub(started => ({ octokit } = started));

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
});
