import type {
  GroupPullRequest,
  PullRequestGroupName,
  PullRequestGroups,
} from '@internal/backstage-plugin-github-pull-requests-common';
import type { GitHubPullRequestNode } from './GitHubPullRequestClient';

/**
 * Which section a pull request belongs to:
 *
 * 1. APPROVED when GitHub's `reviewDecision` is APPROVED. Where the base
 *    branch does not require reviews GitHub gives no decision (null); then
 *    it is APPROVED when, taking each reviewer's latest approving, blocking
 *    or dismissed review (comments neither count nor reset, as on GitHub),
 *    at least one is an approval and none asks for changes.
 * 2. REVIEW IN PROGRESS when the decision is CHANGES_REQUESTED, or at least
 *    one review was submitted (comment-only reviews included).
 * 3. REVIEW REQUIRED otherwise: nobody has reviewed it yet.
 */
export function reviewGroupOf(pr: GitHubPullRequestNode): PullRequestGroupName {
  if (pr.reviewDecision === 'APPROVED') return 'approved';
  if (pr.reviewDecision === null || pr.reviewDecision === undefined) {
    const latest = latestDecisiveReviews(pr);
    if (latest.includes('APPROVED') && !latest.includes('CHANGES_REQUESTED')) {
      return 'approved';
    }
  }
  if (pr.reviewDecision === 'CHANGES_REQUESTED') return 'reviewInProgress';
  return (pr.reviews?.totalCount ?? 0) > 0
    ? 'reviewInProgress'
    : 'reviewRequired';
}

/** Each reviewer's latest APPROVED / CHANGES_REQUESTED / DISMISSED state. */
function latestDecisiveReviews(pr: GitHubPullRequestNode): string[] {
  const reviews = (pr.reviews?.nodes ?? [])
    .filter((r): r is NonNullable<typeof r> => Boolean(r))
    .map((r, index) => ({ ...r, index }))
    // GitHub lists reviews oldest first; submittedAt settles it when present.
    .sort((a, b) => {
      const at = a.submittedAt ? Date.parse(a.submittedAt) : NaN;
      const bt = b.submittedAt ? Date.parse(b.submittedAt) : NaN;
      if (!Number.isNaN(at) && !Number.isNaN(bt) && at !== bt) return at - bt;
      return a.index - b.index;
    });
  const latest = new Map<string, string>();
  for (const review of reviews) {
    if (
      review.state !== 'APPROVED' &&
      review.state !== 'CHANGES_REQUESTED' &&
      review.state !== 'DISMISSED'
    ) {
      continue;
    }
    latest.set(review.author?.login.toLowerCase() ?? 'ghost', review.state);
  }
  return [...latest.values()];
}

/** Newest-updated first; ties by repository and number, so the order is stable. */
export function byUpdatedDesc(a: GroupPullRequest, b: GroupPullRequest) {
  const diff = Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
  if (diff !== 0 && !Number.isNaN(diff)) return diff;
  return a.repository.localeCompare(b.repository) || a.number - b.number;
}

export function emptyGroups(): PullRequestGroups {
  return { reviewRequired: [], reviewInProgress: [], approved: [] };
}
