import {
  graphql as octokitGraphql,
  GraphqlResponseError,
} from '@octokit/graphql';
import { useGraphqlGitHub } from './__testUtils__/clients';

const failure = (query: Promise<unknown>) =>
  query.then(
    () => {
      throw new Error('expected the query to fail');
    },
    (e: GraphqlResponseError<unknown>) => e,
  );

/** Errors in GitHub's shape, and the points queries cost. */
describe('GraphQL API, through @octokit/graphql', () => {
  let gql: typeof octokitGraphql;

  useGraphqlGitHub(started => ({ gql } = started));

  it('reports errors in GitHub shape', async () => {
    const missing = await failure(
      gql(`query { repository(owner: "meridian", name: "nope") { name } }`),
    );
    expect(missing).toBeInstanceOf(GraphqlResponseError);
    expect(missing.errors![0]).toEqual(
      expect.objectContaining({
        type: 'NOT_FOUND',
        path: ['repository'],
        message:
          "Could not resolve to a Repository with the name 'meridian/nope'.",
        locations: [expect.objectContaining({ line: 1 })],
      }),
    );
    expect(missing.data).toEqual({ repository: null });

    const noBoundaries = await failure(
      gql(
        `query { organization(login: "meridian") { repositories { totalCount } } }`,
      ),
    );
    expect(noBoundaries.errors![0].type).toBe('MISSING_PAGINATION_BOUNDARIES');

    const tooMany = await failure(
      gql(
        `query { organization(login: "meridian") { repositories(first: 101) { totalCount } } }`,
      ),
    );
    expect(tooMany.errors![0].type).toBe('EXCESSIVE_PAGINATION');

    const unknownField = await failure(
      gql(`query { organization(login: "meridian") { foo } }`),
    );
    expect(unknownField.errors![0].message).toBe(
      "Field 'foo' doesn't exist on type 'Organization'",
    );
    expect(unknownField.errors![0].extensions!.code).toBe('undefinedField');

    const badCursor = await failure(
      gql(
        `query { organization(login: "meridian") { repositories(first: 1, after: "garbage") { totalCount } } }`,
      ),
    );
    expect(badCursor.errors![0].type).toBe('INVALID_CURSOR_ARGUMENTS');
  });

  it('charges points by GitHub cost rules and reports them in rateLimit', async () => {
    const res = await gql<{
      rateLimit: {
        cost: number;
        remaining: number;
        used: number;
        limit: number;
        nodeCount: number;
      };
    }>(
      `query {
        organization(login: "meridian") {
          repositories(first: 100) { nodes { pullRequests(first: 50) { nodes { labels(first: 10) { totalCount } } } } }
        }
        rateLimit { cost limit remaining used nodeCount resetAt }
      }`,
    );
    // 1 + 100 + 100*50 = 5101 requests -> 51 points.
    expect(res.rateLimit.cost).toBe(51);
    expect(res.rateLimit.nodeCount).toBe(100 + 5000 + 50000);
    expect(res.rateLimit.limit).toBe(5000);
    expect(res.rateLimit.used).toBe(51);
    expect(res.rateLimit.remaining).toBe(5000 - 51);
  });
});
