import { graphql as octokitGraphql } from '@octokit/graphql';
import { LocalGitHub } from './index';
import { RepoPage, useGraphqlGitHub } from './__testUtils__/clients';

/** Pull requests: review decisions as GitHub computes them, and search. */
describe('GraphQL API, through @octokit/graphql', () => {
  let github: LocalGitHub;
  let gql: typeof octokitGraphql;

  useGraphqlGitHub(started => ({ github, gql } = started));

  it('computes reviewDecision as GitHub does, and finds pull requests through search', async () => {
    const repos = await gql<RepoPage>(
      `query { organization(login: "meridian") { repositories(first: 1, isArchived: false) { nodes { name } } } }`,
    );
    const repo = repos.organization.repositories.nodes[0].name;
    const [author, alice, bob] = github.control.squadMembers('squad-aura');
    github.control.setBranchProtection(repo, {
      requiredApprovingReviewCount: 1,
    });
    const { number } = github.control.addPullRequest(repo, {
      title: 'Add ledger reconciliation',
      author,
      labels: ['enhancement'],
      requestedReviewers: [alice, bob],
    });

    const decision = async () => {
      const res = await gql<{
        search: {
          issueCount: number;
          nodes: Array<{
            number: number;
            title: string;
            reviewDecision: string | null;
            isDraft: boolean;
            author: { login: string };
            labels: { nodes: Array<{ name: string }> };
            repository: { nameWithOwner: string };
            reviewRequests: { totalCount: number };
            reviews: {
              totalCount: number;
              nodes: Array<{ state: string; author: { login: string } }>;
            };
          }>;
        };
      }>(
        `query($q: String!) {
          search(query: $q, type: ISSUE, first: 20) {
            issueCount
            pageInfo { hasNextPage endCursor }
            nodes {
              ... on PullRequest {
                number title reviewDecision isDraft
                author { login url avatarUrl }
                labels(first: 10) { nodes { name color } }
                repository { nameWithOwner url }
                reviewRequests(first: 10) { totalCount }
                reviews(first: 20) { totalCount nodes { state author { login } } }
                headRefName baseRefName createdAt updatedAt url id
              }
            }
          }
        }`,
        { q: `repo:meridian/${repo} is:pr is:open author:${author}` },
      );
      const pr = res.search.nodes.find(n => n.number === number)!;
      expect(pr.repository.nameWithOwner).toBe(`meridian/${repo}`);
      expect(pr.labels.nodes.map(l => l.name)).toEqual(['enhancement']);
      return pr;
    };

    let pr = await decision();
    expect(pr.reviewDecision).toBe('REVIEW_REQUIRED');
    expect(pr.reviewRequests.totalCount).toBe(2);

    github.control.addReview(repo, number, {
      author: alice,
      state: 'COMMENTED',
    });
    expect((await decision()).reviewDecision).toBe('REVIEW_REQUIRED');

    github.control.addReview(repo, number, {
      author: alice,
      state: 'CHANGES_REQUESTED',
    });
    pr = await decision();
    expect(pr.reviewDecision).toBe('CHANGES_REQUESTED');
    expect(pr.reviewRequests.totalCount).toBe(1);

    github.control.addReview(repo, number, { author: bob, state: 'APPROVED' });
    expect((await decision()).reviewDecision).toBe('CHANGES_REQUESTED');

    github.control.addReview(repo, number, {
      author: alice,
      state: 'APPROVED',
    });
    pr = await decision();
    expect(pr.reviewDecision).toBe('APPROVED');
    expect(pr.reviews.totalCount).toBe(4);

    // Without required reviews GitHub reports no decision at all.
    github.control.setBranchProtection(repo, null);
    expect((await decision()).reviewDecision).toBeNull();

    github.control.closePullRequest(repo, number);
    const closed = await gql<{ search: { issueCount: number } }>(
      `query($q: String!) { search(query: $q, type: ISSUE, first: 5) { issueCount } }`,
      { q: `repo:meridian/${repo} is:pr is:open author:${author}` },
    );
    expect(closed.search.issueCount).toBe(0);
  });

  it('generates every review decision across the organisation', async () => {
    const res = await gql<{
      search: {
        issueCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        nodes: Array<{ reviewDecision: string | null; isDraft: boolean }>;
      };
    }>(
      `query { search(query: "org:meridian is:pr is:open", type: ISSUE, first: 100) {
        issueCount pageInfo { hasNextPage endCursor } nodes { ... on PullRequest { reviewDecision isDraft } } } }`,
    );
    expect(res.search.issueCount).toBeGreaterThan(100);
    const decisions = new Set(res.search.nodes.map(n => n.reviewDecision));
    expect(decisions).toEqual(
      new Set(['APPROVED', 'CHANGES_REQUESTED', 'REVIEW_REQUIRED', null]),
    );
    expect(res.search.nodes.some(n => n.isDraft)).toBe(true);
    expect(res.search.pageInfo.hasNextPage).toBe(true);
  });
});
