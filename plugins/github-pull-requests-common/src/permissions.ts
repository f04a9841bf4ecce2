import { createPermission } from '@backstage/plugin-permission-common';

/** See the open pull requests of a group's repositories. */
export const githubPullRequestsReadPermission = createPermission({
  name: 'github-pull-requests.read',
  attributes: { action: 'read' },
});

export const githubPullRequestsPermissions = [githubPullRequestsReadPermission];
