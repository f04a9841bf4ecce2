import { errorMessage as describeError } from '@internal/backstage-plugin-portal-react';
import { setupClient } from '@internal/backstage-plugin-portal-react/testing';
import { GithubPullRequestsClient } from './GithubPullRequestsClient';

function setup(response: () => Response) {
  const { client, href } = setupClient(
    apis => new GithubPullRequestsClient(apis),
    response,
  );
  return { client, url: href };
}

describe('GithubPullRequestsClient', () => {
  it("asks for a group's pull requests, escaping namespace and name", async () => {
    const body = { status: 'not-configured', message: 'no token' };
    const { client, url } = setup(
      () =>
        new Response(JSON.stringify(body), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    await expect(
      client.getGroupPullRequests({ namespace: 'default', name: 'squad-aura' }),
    ).resolves.toEqual(body);
    expect(url()).toBe(
      'http://backend/api/github-pull-requests/groups/default/squad-aura/pull-requests',
    );
    await client.getGroupPullRequests({ namespace: 'a/b', name: 'c d' });
    expect(url()).toBe(
      'http://backend/api/github-pull-requests/groups/a%2Fb/c%20d/pull-requests',
    );
  });

  it("turns error responses into ResponseErrors carrying the backend's message", async () => {
    const { client } = setup(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'GitHubUnavailableError',
              message: 'GitHub did not answer (HTTP 502, 3 attempts)',
            },
            response: { statusCode: 502 },
          }),
          {
            status: 502,
            statusText: 'Bad Gateway',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const error = await client
      .getGroupPullRequests({ namespace: 'default', name: 'squad-aura' })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(502);
    expect(describeError(error)).toBe(
      'GitHub did not answer (HTTP 502, 3 attempts)',
    );
  });
});
