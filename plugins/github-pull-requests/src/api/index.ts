export { githubPullRequestsApiRef } from './GithubPullRequestsApi';
export type {
  GithubPullRequestsApi,
  GroupName,
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
} from './GithubPullRequestsApi';
export { GithubPullRequestsClient } from './GithubPullRequestsClient';
