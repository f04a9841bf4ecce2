import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  entityGroupPullRequestsCard,
  githubPullRequestsApi,
} from './extensions';

/**
 * GitHub pull requests in the portal: the "Open pull requests" card on
 * group (squad) pages.
 */
export const githubPullRequestsPlugin = createFrontendPlugin({
  pluginId: 'github-pull-requests',
  title: 'GitHub pull requests',
  extensions: [githubPullRequestsApi, entityGroupPullRequestsCard],
});
