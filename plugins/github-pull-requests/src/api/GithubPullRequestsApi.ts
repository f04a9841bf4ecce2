import { createApiRef } from '@backstage/frontend-plugin-api';
import type { GroupPullRequestsResponse } from '@internal/backstage-plugin-github-pull-requests-common';

/** A group entity by namespace and name. */
export type GroupName = { namespace: string; name: string };

/** Reads pull requests through the github-pull-requests backend. */
export interface GithubPullRequestsApi {
  /**
   * The open pull requests of the repositories of the components the group
   * owns, by review state; or why they cannot be read now (not configured,
   * rate limited). GitHub failing rejects with a ResponseError (502).
   */
  getGroupPullRequests(group: GroupName): Promise<GroupPullRequestsResponse>;
}

/** The {@link GithubPullRequestsApi}. */
export const githubPullRequestsApiRef =
  createApiRef<GithubPullRequestsApi>().with({
    id: 'plugin.github-pull-requests.api',
    pluginId: 'github-pull-requests',
  });
