import request from 'supertest';
import type { GroupPullRequestsOk } from '@internal/backstage-plugin-github-pull-requests-common';
import { LocalGitHub } from '@internal/dev-github';
import { startApi } from './__testUtils__/testBackend';
import {
  isNewestFirst,
  PATH,
  reviewScenario,
  titles,
  useSquadGitHub,
} from './__testUtils__/squadPullRequests';

jest.setTimeout(60_000);

/** The squad's open pull requests, grouped by review state. */
describe('GET /groups/:namespace/:name/pull-requests', () => {
  let github: LocalGitHub;
  let repos: string[];
  let members: string[];

  useSquadGitHub(started => ({ github, repos, members } = started));

  const scenario = () => reviewScenario(github, repos, members);

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
});
