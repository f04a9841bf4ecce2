import { ConfigReader } from '@backstage/config';
import { readGithubPullRequestsConfig } from './config';
import { graphqlUrlFor } from './services/PullRequestService';
import { buildQuery } from './services/GitHubPullRequestClient';

describe('configuration', () => {
  it('has defaults and checks its numbers', () => {
    expect(readGithubPullRequestsConfig(new ConfigReader({}))).toEqual({
      host: 'github.com',
      cacheSeconds: 60,
      maxRepositories: 200,
      organizations: [],
    });
    expect(
      readGithubPullRequestsConfig(
        new ConfigReader({
          githubPullRequests: {
            host: 'ghe.example.com',
            cacheSeconds: 0,
            maxRepositories: 10,
            organizations: [' Meridian-Bank ', 'meridian-bank', 'labs'],
          },
        }),
      ),
    ).toEqual({
      host: 'ghe.example.com',
      cacheSeconds: 0,
      maxRepositories: 10,
      organizations: ['meridian-bank', 'labs'],
    });
    expect(() =>
      readGithubPullRequestsConfig(
        new ConfigReader({ githubPullRequests: { maxRepositories: 0 } }),
      ),
    ).toThrow('githubPullRequests.maxRepositories');
    expect(() =>
      readGithubPullRequestsConfig(
        new ConfigReader({ githubPullRequests: { cacheSeconds: -1 } }),
      ),
    ).toThrow('githubPullRequests.cacheSeconds');
  });

  it("finds GitHub's GraphQL endpoint, GitHub Enterprise's too", () => {
    expect(graphqlUrlFor('https://api.github.com')).toBe(
      'https://api.github.com/graphql',
    );
    expect(graphqlUrlFor('https://ghe.example.com/api/v3/')).toBe(
      'https://ghe.example.com/api/graphql',
    );
  });

  it('asks for each repository through an alias, with variables', () => {
    const query = buildQuery(2);
    expect(query).toContain(
      'query GroupPullRequests($o0: String!, $n0: String!, $o1: String!, $n1: String!)',
    );
    expect(query).toContain(
      'r1: repository(owner: $o1, name: $n1) { ...openPullRequests }',
    );
  });
});
