import { graphql as octokitGraphql } from '@octokit/graphql';
import { Octokit, RestEndpointMethodTypes } from '@octokit/rest';
import { LocalGitHub, startGitHubServer } from '../index';

/** The token the tests' local GitHub takes. */
export const TOKEN = 'dev-token';

export type Repo =
  RestEndpointMethodTypes['repos']['listForOrg']['response']['data'][number];
export type Team =
  RestEndpointMethodTypes['teams']['list']['response']['data'][number];
export type Member =
  RestEndpointMethodTypes['teams']['listMembersInOrg']['response']['data'][number];

/** The organisation's repositories, as the GraphQL tests ask for them. */
export type RepoPage = {
  organization: {
    repositories: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        name: string;
        nameWithOwner: string;
        isArchived: boolean;
        defaultBranchRef: { name: string } | null;
        primaryLanguage: { name: string } | null;
        repositoryTopics: { nodes: Array<{ topic: { name: string } }> };
        repositoryCustomPropertyValues: {
          nodes: Array<{ propertyName: string; value: string }>;
        };
        catalog: {
          __typename: string;
          text?: string;
          byteSize?: number;
          oid?: string;
        } | null;
        codeowners: { text: string } | null;
        root: {
          entries: Array<{ name: string; type: string; path: string }>;
        } | null;
        branchProtectionRules: { nodes: Array<{ pattern: string }> };
        pullRequests: { totalCount: number };
      }>;
    };
  };
};

/** octokit.paginate (Link headers), typed here: duplicate @octokit/types copies defeat its inference. */
export function paginate<T>(
  client: Octokit,
  route: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  return client.paginate(route, params) as Promise<T[]>;
}

/**
 * A local GitHub of 250 repositories for a describe block's tests, started
 * before them (`assign` receives it), reset before each and closed after all.
 */
function useLocalGitHub<T>(
  seed: number,
  clientOf: (github: LocalGitHub) => T,
  assign: (started: { github: LocalGitHub; client: T }) => void,
) {
  let github: LocalGitHub | undefined;

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 250, seed, token: TOKEN });
    assign({ github, client: clientOf(github) });
  });

  afterAll(() => github?.close());

  beforeEach(() => github?.control.reset());
}

/** The REST tests' local GitHub (seed 7), with an Octokit signed in to it. */
export function useRestGitHub(
  assign: (started: { github: LocalGitHub; octokit: Octokit }) => void,
) {
  useLocalGitHub(
    7,
    github => new Octokit({ baseUrl: github.apiBaseUrl, auth: TOKEN }),
    ({ github, client }) => assign({ github, octokit: client }),
  );
}

/** The GraphQL tests' local GitHub (seed 3), with a graphql client signed in to it. */
export function useGraphqlGitHub(
  assign: (started: {
    github: LocalGitHub;
    gql: typeof octokitGraphql;
  }) => void,
) {
  useLocalGitHub(
    3,
    github =>
      octokitGraphql.defaults({
        baseUrl: github.apiBaseUrl,
        headers: { authorization: `bearer ${TOKEN}` },
      }),
    ({ github, client }) => assign({ github, gql: client }),
  );
}
