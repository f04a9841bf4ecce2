import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { GithubPullRequestsClient, githubPullRequestsApiRef } from '../api';

/** `api:github-pull-requests`: the HTTP client of the backend. */
export const githubPullRequestsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: githubPullRequestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GithubPullRequestsClient({ discoveryApi, fetchApi }),
    }),
});
