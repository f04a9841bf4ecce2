import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginBackend } from '@internal/backstage-plugin-portal-react';
import type { GroupPullRequestsResponse } from '@internal/backstage-plugin-github-pull-requests-common';
import type { GithubPullRequestsApi, GroupName } from './GithubPullRequestsApi';

/** Talks to the github-pull-requests backend plugin over HTTP. */
export class GithubPullRequestsClient implements GithubPullRequestsApi {
  private readonly backend: PluginBackend;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new PluginBackend({
      ...options,
      pluginId: 'github-pull-requests',
    });
  }

  async getGroupPullRequests(
    group: GroupName,
  ): Promise<GroupPullRequestsResponse> {
    return this.backend.get(
      `/groups/${encodeURIComponent(group.namespace)}/${encodeURIComponent(
        group.name,
      )}/pull-requests`,
    );
  }
}
