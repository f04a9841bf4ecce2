import type { ProtectionRecord, PullRecord } from './model';

export type ReviewDecision =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'REVIEW_REQUIRED';

/**
 * GitHub's `reviewDecision`: null unless the base branch's protection
 * requires reviews; otherwise decided by each reviewer's latest
 * approving/blocking review (comments do not count and do not reset).
 */
export function reviewDecision(
  pull: PullRecord,
  protection: ProtectionRecord | null,
): ReviewDecision | null {
  if (!protection || protection.requiredApprovingReviewCount === null) {
    return null;
  }
  const latest = new Map<string, string>();
  for (const r of [...pull.reviews].sort(
    (a, b) => a.submittedAt - b.submittedAt,
  )) {
    if (r.state === 'COMMENTED') continue;
    latest.set(r.author.toLowerCase(), r.state);
  }
  const states = [...latest.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  const approvals = states.filter(s => s === 'APPROVED').length;
  return approvals >= Math.max(1, protection.requiredApprovingReviewCount)
    ? 'APPROVED'
    : 'REVIEW_REQUIRED';
}
