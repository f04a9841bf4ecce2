import { Rng } from '@internal/dev-kit';
import {
  COMPONENTS,
  DEPENDENCIES,
  DOMAINS,
  LABELS,
  PR_TITLES,
} from '../vocabulary';
import type {
  PullRecord,
  RepoCore,
  ReviewRecord,
  ReviewState,
  UserRecord,
} from '../model';
import { GENERATED_NOW, reviewId, squadSlug } from './core';
import { S } from './draws';
import { BOTS, generateUsers, squadMembers } from './people';
import type { RepoTraits } from './traits';

function generatePulls(
  seed: number,
  core: RepoCore,
  users: UserRecord[],
  bot: string | null,
  hasCodeowners: boolean,
  dependency: readonly string[],
): PullRecord[] {
  if (core.pullCount === 0) return [];
  const rng = new Rng(seed, core.index, S.pulls);
  const members = squadMembers(users, core.squad);
  const pulls: PullRecord[] = [];
  let number = rng.int(3, 300);
  for (let k = 0; k < core.pullCount; k++) {
    number += rng.int(1, 25);
    const template = rng.pick(PR_TITLES);
    const isBump = template.startsWith('Bump');
    const author = isBump && bot ? bot : rng.pick(members).login;
    const dep = rng.pick(dependency);
    const from = `${rng.int(1, 5)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
    const to = from.replace(/\.(\d+)$/, (_, p: string) => `.${Number(p) + 1}`);
    const component =
      core.component === null ? 'core' : COMPONENTS[core.component];
    const title = template
      .replace('{component}', component)
      .replace('{domain}', DOMAINS[core.domain])
      .replace('{dependency}', dep)
      .replace('{from}', from)
      .replace('{to}', to);
    const labels = isBump
      ? ['dependencies']
      : rng
          .sample(
            LABELS.filter(l => l.name !== 'dependencies'),
            rng.int(0, 2),
          )
          .map(l => l.name);
    const createdAt = GENERATED_NOW - rng.int(1, 90 * 24) * 3_600_000;
    const draft = !isBump && rng.chance(0.12);
    const others = members.filter(m => m.login !== author);
    const reviewers = rng.sample(others, Math.min(others.length, 3));
    const scenario = draft ? 0 : rng.next();
    const reviews: ReviewRecord[] = [];
    const headSha = rng.hex(40);
    let t = createdAt;
    const prNumber = number;
    const review = (login: string, state: ReviewState) => {
      t += rng.int(10, 600) * 60_000;
      let body = 'A couple of questions inline.';
      if (state === 'APPROVED') body = rng.pick(['LGTM', 'Looks good', '']);
      else if (state === 'CHANGES_REQUESTED')
        body = 'Please add a test for this.';
      reviews.push({
        id: reviewId(core.index, prNumber, reviews.length),
        author: login,
        state,
        body,
        submittedAt: Math.min(t, GENERATED_NOW),
        commitId: headSha,
      });
    };
    // Scenario mix: ~30% no review, ~30% approved, ~15% changes requested,
    // ~15% only comments, ~10% approved then changes requested.
    if (reviewers.length > 0) {
      if (scenario >= 0.3 && scenario < 0.6) {
        review(reviewers[0].login, 'APPROVED');
        if (reviewers[1] && rng.chance(0.5))
          review(reviewers[1].login, 'APPROVED');
      } else if (scenario >= 0.6 && scenario < 0.75) {
        review(reviewers[0].login, 'CHANGES_REQUESTED');
      } else if (scenario >= 0.75 && scenario < 0.9) {
        review(reviewers[0].login, 'COMMENTED');
      } else if (scenario >= 0.9 && reviewers[1]) {
        review(reviewers[0].login, 'APPROVED');
        review(reviewers[1].login, 'CHANGES_REQUESTED');
      }
    }
    const reviewed = new Set(reviews.map(r => r.author));
    // GitHub drops a person from "requested" once they submit a review.
    const requestedReviewers = reviewers
      .filter(r => !reviewed.has(r.login))
      .slice(0, rng.int(0, 2))
      .map(r => r.login);
    const approved = reviews.some(r => r.state === 'APPROVED');
    const requestedTeams =
      hasCodeowners && !approved && !draft ? [squadSlug(core.squad)] : [];
    const updatedAt = Math.min(
      GENERATED_NOW,
      Math.max(t, createdAt + rng.int(1, 72) * 3_600_000),
    );
    const slug = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    pulls.push({
      number,
      title,
      body: isBump
        ? `Bumps ${dep} from ${from} to ${to}.`
        : `## What\n\n${title}.\n\n## Why\n\nPart of ongoing ${
            DOMAINS[core.domain]
          } work.\n`,
      author,
      labels,
      draft,
      createdAt,
      updatedAt,
      headRef: isBump
        ? `${bot === BOTS[1].login ? 'dependabot' : 'renovate'}/${dep
            .replace(/[^a-z0-9]+/gi, '-')
            .toLowerCase()}-${to}`
        : `feature/${slug}`,
      headSha,
      requestedReviewers,
      requestedTeams,
      reviews,
      state: 'open',
      closedAt: null,
      mergedAt: null,
      additions: rng.int(1, 400),
      deletions: rng.int(0, 200),
      changedFiles: rng.int(1, 20),
      commits: rng.int(1, 8),
    });
  }
  return pulls;
}

export function generateRepoPulls(
  seed: number,
  core: RepoCore,
  traits: RepoTraits,
): PullRecord[] {
  return generatePulls(
    seed,
    core,
    generateUsers(seed),
    traits.bot,
    traits.hasCodeowners,
    DEPENDENCIES[core.language] ?? ['shared-lib'],
  );
}
