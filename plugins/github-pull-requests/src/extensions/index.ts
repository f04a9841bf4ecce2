export { githubPullRequestsApi } from './githubPullRequestsApi';
export { entityGroupPullRequestsCard } from './entityGroupPullRequestsCard';
