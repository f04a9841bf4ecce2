import { Rng } from '@internal/dev-kit';
import { NotFound } from './errors';
import { reviewId } from './generator/core';
import type { PullRecord, RepoRecord, ReviewState, UserRecord } from './model';

/*
 * The control API's changes to pull requests, made on a repository's
 * overlaid record.
 */

export interface NewPullRequest {
  title: string;
  author: string;
  body?: string;
  labels?: string[];
  draft?: boolean;
  headRef?: string;
  requestedReviewers?: string[];
  requestedTeams?: string[];
  createdAt?: string | number;
}

export interface NewReview {
  author: string;
  state: ReviewState;
  body?: string;
}

/** Who may author pull requests and reviews, and the seed of their head SHAs. */
interface People {
  seed: number;
  user(login: string): UserRecord | undefined;
}

/** A new open pull request as the control API describes it, by a known user. */
export function openPull(
  record: RepoRecord,
  input: NewPullRequest,
  people: People,
): PullRecord {
  if (!people.user(input.author)) {
    throw new RangeError(`Unknown user ${input.author}`);
  }
  const number =
    Math.max(record.openIssues + 10, ...record.pulls.map(p => p.number)) + 1;
  const now =
    input.createdAt !== undefined
      ? new Date(input.createdAt).getTime()
      : Date.now();
  const pull: PullRecord = {
    number,
    title: input.title,
    body: input.body ?? '',
    author: people.user(input.author)!.login,
    labels: input.labels ?? [],
    draft: input.draft ?? false,
    createdAt: now,
    updatedAt: now,
    headRef: input.headRef ?? `feature/pr-${number}`,
    headSha: new Rng(people.seed, record.index, number).hex(40),
    requestedReviewers: (input.requestedReviewers ?? []).map(
      r => people.user(r)?.login ?? r,
    ),
    requestedTeams: input.requestedTeams ?? [],
    reviews: [],
    state: 'open',
    closedAt: null,
    mergedAt: null,
    additions: 10,
    deletions: 2,
    changedFiles: 1,
    commits: 1,
  };
  record.pulls.push(pull);
  record.openIssues += 1;
  record.updatedAt = Math.max(record.updatedAt, now);
  return pull;
}

/** Closes (or merges) an open pull request; a closed one stays as it is. */
export function closePull(
  record: RepoRecord,
  number: number,
  merged: boolean,
): PullRecord {
  const pull = record.pulls.find(p => p.number === number);
  if (!pull) throw new NotFound(`No pull request #${number}`);
  if (pull.state === 'open') {
    const now = Date.now();
    pull.state = 'closed';
    pull.closedAt = now;
    pull.mergedAt = merged ? now : null;
    pull.updatedAt = now;
    record.openIssues = Math.max(0, record.openIssues - 1);
  }
  return pull;
}

/** A review submitted now, which also answers the author's review request. */
export function addReview(
  record: RepoRecord,
  number: number,
  review: NewReview,
  people: People,
): PullRecord {
  const pull = record.pulls.find(p => p.number === number);
  if (!pull) throw new NotFound(`No pull request #${number}`);
  const author = people.user(review.author);
  if (!author) throw new RangeError(`Unknown user ${review.author}`);
  const now = Date.now();
  pull.reviews.push({
    id: reviewId(record.index, number, pull.reviews.length),
    author: author.login,
    state: review.state,
    body: review.body ?? '',
    submittedAt: now,
    commitId: pull.headSha,
  });
  pull.requestedReviewers = pull.requestedReviewers.filter(
    r => r.toLowerCase() !== author.login.toLowerCase(),
  );
  pull.updatedAt = now;
  return pull;
}
