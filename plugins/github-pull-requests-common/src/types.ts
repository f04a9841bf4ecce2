/**
 * The annotation naming a component's GitHub repository as `owner/repo`
 * (the same one Backstage's GitHub plugins read).
 */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** GitHub's `reviewDecision`; null when the branch does not require reviews. */
export type PullRequestReviewDecision =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'REVIEW_REQUIRED';

export type PullRequestAuthor = {
  login: string;
  /** The author's GitHub profile. */
  url: string;
  avatarUrl: string;
};

export type PullRequestLabel = {
  name: string;
  /** Six hex digits without `#`, as GitHub gives it (e.g. `d73a4a`). */
  color: string;
};

/** An open pull request of one of a group's repositories. */
export type GroupPullRequest = {
  /** `owner/repo` as GitHub spells it. */
  repository: string;
  repositoryUrl: string;
  number: number;
  title: string;
  /** The pull request on GitHub. */
  url: string;
  /** null when the author's account was deleted (GitHub's "ghost"). */
  author: PullRequestAuthor | null;
  labels: PullRequestLabel[];
  isDraft: boolean;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
  reviewDecision: PullRequestReviewDecision | null;
  /** Submitted reviews, comments-only reviews included. */
  reviewCount: number;
  /** The catalog component whose `github.com/project-slug` names the repository. */
  componentRef: string;
};

/**
 * Open pull requests by review state, each list newest-updated first:
 *
 * - `approved`: GitHub's `reviewDecision` is APPROVED; or, where the branch
 *   does not require reviews (no decision), each reviewer's latest approving
 *   or blocking review includes an approval and no "changes requested".
 * - `reviewInProgress`: otherwise, at least one review was submitted (comments
 *   included), or changes were requested.
 * - `reviewRequired`: everything else (no review yet).
 */
export type PullRequestGroups = {
  reviewRequired: GroupPullRequest[];
  reviewInProgress: GroupPullRequest[];
  approved: GroupPullRequest[];
};

export type PullRequestGroupName = keyof PullRequestGroups;

/** The pull requests were read. */
export type GroupPullRequestsOk = {
  status: 'ok';
  /** When GitHub was asked (results are cached for a short while). */
  generatedAt: string;
  /** Repositories whose pull requests were read. */
  repositories: number;
  groups: PullRequestGroups;
  /**
   * Some were left out: more repositories than the backend reads for one
   * group (`githubPullRequests.maxRepositories`), or more open pull requests
   * in one repository than it reads (50, the most recently updated).
   */
  truncated?: boolean;
  /**
   * `owner/repo` named by components that GitHub does not know (deleted,
   * renamed) or that the configured credentials may not read.
   */
  unavailableRepositories?: string[];
  /**
   * `owner/repo` named by components but outside the GitHub organisations
   * the portal serves (`githubPullRequests.organizations`), with why: never
   * asked for, whatever the credentials could read.
   */
  refusedRepositories?: Array<{ repository: string; reason: string }>;
};

/** The backend has no GitHub token (or GitHub App) for the configured host. */
export type GroupPullRequestsNotConfigured = {
  status: 'not-configured';
  message: string;
};

/** GitHub's rate limit is spent; nothing is read until `resetAt`. */
export type GroupPullRequestsRateLimited = {
  status: 'rate-limited';
  /** ISO 8601. */
  resetAt: string;
  message: string;
};

/** `GET /groups/:namespace/:name/pull-requests`. */
export type GroupPullRequestsResponse =
  | GroupPullRequestsOk
  | GroupPullRequestsNotConfigured
  | GroupPullRequestsRateLimited;
