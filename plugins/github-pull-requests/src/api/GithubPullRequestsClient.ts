import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  GithubPullRequestsApi,
  GroupName,
  GroupPullRequestsResponse,
} from './GithubPullRequestsApi';

/** Talks to the github-pull-requests backend plugin over HTTP. */
export class GithubPullRequestsClient implements GithubPullRequestsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getGroupPullRequests(
    group: GroupName,
  ): Promise<GroupPullRequestsResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('github-pull-requests');
    const url = `${baseUrl}/groups/${encodeURIComponent(
      group.namespace,
    )}/${encodeURIComponent(group.name)}/pull-requests`;
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as GroupPullRequestsResponse;
  }
}
