export { githubPullRequestsApiRef } from './GithubPullRequestsApi';
export type { GithubPullRequestsApi, GroupName } from './GithubPullRequestsApi';
export type {
  GroupPullRequest,
  GroupPullRequestsNotConfigured,
  GroupPullRequestsOk,
  GroupPullRequestsRateLimited,
  GroupPullRequestsResponse,
  PullRequestAuthor,
  PullRequestGroupName,
  PullRequestGroups,
  PullRequestLabel,
  PullRequestReviewDecision,
} from '@internal/backstage-plugin-github-pull-requests-common';
export { GithubPullRequestsClient } from './GithubPullRequestsClient';
