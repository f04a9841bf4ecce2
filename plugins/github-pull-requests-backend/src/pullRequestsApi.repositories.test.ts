import request from 'supertest';
import type { GroupPullRequestsOk } from '@internal/backstage-plugin-github-pull-requests-common';
import { LocalGitHub } from '@internal/dev-github';
import { component, startApi } from './__testUtils__/testBackend';
import {
  PATH,
  reviewScenario,
  useSquadGitHub,
} from './__testUtils__/squadPullRequests';

jest.setTimeout(60_000);

/** Which repositories are read: the components naming them, deleted ones, the maximum and the organisations. */
describe('GET /groups/:namespace/:name/pull-requests', () => {
  let github: LocalGitHub;
  let repos: string[];
  let members: string[];

  useSquadGitHub(started => ({ github, repos, members } = started));

  const scenario = () => reviewScenario(github, repos, members);

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
});
