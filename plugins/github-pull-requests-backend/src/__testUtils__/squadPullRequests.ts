import type { GroupPullRequest } from '@internal/backstage-plugin-github-pull-requests-common';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import {
  closeOpenPullRequests,
  component,
  repositoryNames,
  TOKEN,
} from './testBackend';

/** Squad Aura's pull requests. */
export const PATH =
  '/api/github-pull-requests/groups/default/squad-aura/pull-requests';
const HOUR = 3600_000;

/**
 * The local GitHub of the API tests (150 repositories), the names of its
 * first 100 repositories and Squad Aura's members.
 */
export async function startSquadGitHub() {
  const github = await startGitHubServer({
    repoCount: 150,
    seed: 3,
    token: TOKEN,
  });
  const repos = await repositoryNames(github, 100);
  const members = github.control.squadMembers('squad-aura');
  return { github, repos, members };
}

/**
 * The local GitHub of a describe block's tests, started before them (`assign`
 * receives it), reset after each and closed after all.
 */
export function useSquadGitHub(
  assign: (started: Awaited<ReturnType<typeof startSquadGitHub>>) => void,
) {
  let github: LocalGitHub | undefined;

  beforeAll(async () => {
    const started = await startSquadGitHub();
    github = started.github;
    assign(started);
  });

  afterAll(async () => {
    await github?.close();
  });

  afterEach(() => {
    github?.control.reset();
  });
}

/**
 * Three repositories with only the pull requests added here:
 * repos[0] requires one approval (GitHub decides), repos[1] and repos[2]
 * require none (no decision: the backend decides from the reviews).
 */
export async function reviewScenario(
  github: LocalGitHub,
  repos: string[],
  members: string[],
) {
  const [protectedRepo, openRepo, thirdRepo] = repos;
  for (const repo of [protectedRepo, openRepo, thirdRepo]) {
    await closeOpenPullRequests(github, repo);
  }
  github.control.setBranchProtection(protectedRepo, {
    requiredApprovingReviewCount: 1,
  });
  github.control.setBranchProtection(openRepo, null);
  github.control.setBranchProtection(thirdRepo, null);

  const [author, alice, bob] = members;
  let hoursAgo = 48;
  const add = (
    repo: string,
    title: string,
    extra: { labels?: string[]; draft?: boolean } = {},
  ) =>
    github.control.addPullRequest(repo, {
      title,
      author,
      createdAt: Date.now() - hoursAgo-- * HOUR,
      ...extra,
    }).number;

  const required1 = add(protectedRepo, 'Add ledger reconciliation', {
    labels: ['bug', 'security'],
  });
  const approved1 = add(protectedRepo, 'Fix rounding of interest');
  github.control.addReview(protectedRepo, approved1, {
    author: alice,
    state: 'APPROVED',
  });
  const changes1 = add(protectedRepo, 'Rename accounts table');
  github.control.addReview(protectedRepo, changes1, {
    author: alice,
    state: 'CHANGES_REQUESTED',
  });

  const draft = add(openRepo, 'Bump express', {
    draft: true,
    labels: ['dependencies'],
  });
  const commented = add(openRepo, 'Refactor the client');
  github.control.addReview(openRepo, commented, {
    author: alice,
    state: 'COMMENTED',
  });
  const approved2 = add(openRepo, 'Add metrics');
  github.control.addReview(openRepo, approved2, {
    author: alice,
    state: 'APPROVED',
  });
  github.control.addReview(openRepo, approved2, {
    author: bob,
    state: 'COMMENTED',
  });
  const blocked = add(openRepo, 'Tidy imports');
  github.control.addReview(openRepo, blocked, {
    author: alice,
    state: 'APPROVED',
  });
  github.control.addReview(openRepo, blocked, {
    author: bob,
    state: 'CHANGES_REQUESTED',
  });

  const changedMind = add(thirdRepo, 'Document the API');
  github.control.addReview(thirdRepo, changedMind, {
    author: alice,
    state: 'CHANGES_REQUESTED',
  });
  github.control.addReview(thirdRepo, changedMind, {
    author: alice,
    state: 'APPROVED',
  });

  const entities = [
    component('ledger', protectedRepo),
    // Found through spec.owner alone (not stitched yet).
    component('ledger-ui', openRepo, { relations: false }),
    component('ledger-docs', thirdRepo),
    // Same repository twice: read once.
    component('ledger-worker', protectedRepo),
    // Not the squad's, not a component, no annotation, not a slug.
    component('payments', repos[10], { owner: 'squad-borealis' }),
    component('ledger-system', repos[11], { kind: 'System' }),
    component('no-repo', undefined),
    component('bad-slug', 'not a slug'),
  ];
  return {
    entities,
    protectedRepo,
    openRepo,
    thirdRepo,
    numbers: {
      required1,
      approved1,
      changes1,
      draft,
      commented,
      approved2,
      blocked,
      changedMind,
    },
  };
}

/** The titles, in order. */
export const titles = (prs: GroupPullRequest[]) => prs.map(p => p.title);
/** Whether the most recently updated come first. */
export const isNewestFirst = (prs: GroupPullRequest[]) =>
  prs.every(
    (p, i) =>
      i === 0 || Date.parse(prs[i - 1].updatedAt) >= Date.parse(p.updatedAt),
  );
