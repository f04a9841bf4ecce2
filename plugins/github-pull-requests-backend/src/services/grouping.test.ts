import type { GitHubPullRequestNode } from './GitHubPullRequestClient';
import { reviewGroupOf } from './grouping';

type Review = [author: string, state: string, submittedAt?: string];

function pr(
  reviewDecision: GitHubPullRequestNode['reviewDecision'],
  reviews: Review[] = [],
): GitHubPullRequestNode {
  return {
    number: 1,
    title: 't',
    url: 'u',
    isDraft: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    author: null,
    labels: { nodes: [] },
    reviewDecision,
    reviews: {
      totalCount: reviews.length,
      nodes: reviews.map(([login, state, submittedAt]) => ({
        author: { login },
        state: state as any,
        submittedAt: submittedAt ?? null,
      })),
    },
  };
}

describe('reviewGroupOf', () => {
  it("follows GitHub's decision where the branch requires reviews", () => {
    expect(reviewGroupOf(pr('APPROVED', [['a', 'APPROVED']]))).toBe('approved');
    expect(
      reviewGroupOf(pr('CHANGES_REQUESTED', [['a', 'CHANGES_REQUESTED']])),
    ).toBe('reviewInProgress');
    expect(reviewGroupOf(pr('REVIEW_REQUIRED'))).toBe('reviewRequired');
    // One of two required approvals.
    expect(reviewGroupOf(pr('REVIEW_REQUIRED', [['a', 'APPROVED']]))).toBe(
      'reviewInProgress',
    );
    // The decision wins over the reviews read.
    expect(reviewGroupOf(pr('CHANGES_REQUESTED', [['a', 'APPROVED']]))).toBe(
      'reviewInProgress',
    );
  });

  it('decides from the latest review per reviewer without a decision', () => {
    expect(reviewGroupOf(pr(null))).toBe('reviewRequired');
    expect(reviewGroupOf(pr(null, [['a', 'COMMENTED']]))).toBe(
      'reviewInProgress',
    );
    expect(reviewGroupOf(pr(null, [['a', 'APPROVED']]))).toBe('approved');
    expect(
      reviewGroupOf(
        pr(null, [
          ['a', 'APPROVED'],
          ['b', 'CHANGES_REQUESTED'],
        ]),
      ),
    ).toBe('reviewInProgress');
    // A reviewer who changed their mind counts with their latest review.
    expect(
      reviewGroupOf(
        pr(null, [
          ['a', 'CHANGES_REQUESTED'],
          ['A', 'APPROVED'],
        ]),
      ),
    ).toBe('approved');
    expect(
      reviewGroupOf(
        pr(null, [
          ['a', 'APPROVED'],
          ['a', 'CHANGES_REQUESTED'],
        ]),
      ),
    ).toBe('reviewInProgress');
    // Comments neither approve nor reset an approval.
    expect(
      reviewGroupOf(
        pr(null, [
          ['a', 'APPROVED'],
          ['a', 'COMMENTED'],
        ]),
      ),
    ).toBe('approved');
    // A dismissed approval is no approval.
    expect(
      reviewGroupOf(
        pr(null, [
          ['a', 'APPROVED'],
          ['a', 'DISMISSED'],
        ]),
      ),
    ).toBe('reviewInProgress');
    // submittedAt orders reviews when GitHub's order is not chronological.
    expect(
      reviewGroupOf(
        pr(null, [
          ['a', 'APPROVED', '2026-01-02T00:00:00Z'],
          ['a', 'CHANGES_REQUESTED', '2026-01-01T00:00:00Z'],
        ]),
      ),
    ).toBe('approved');
  });
});
