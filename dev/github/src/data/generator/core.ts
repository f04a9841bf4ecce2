import { unit } from '@internal/dev-kit';
import {
  COMPONENTS,
  DOMAINS,
  KINDS,
  LANGUAGES,
  RepoType,
  SQUADS,
} from '../vocabulary';
import type { CommitState, RepoCore, Visibility } from '../model';
import { S, weighted } from './draws';

/*
 * Generated time is anchored to fixed instants rather than the wall clock so
 * that the same seed gives byte-identical responses on any day.
 */
export const GENERATED_NOW = Date.UTC(2025, 5, 30, 12, 0, 0);
const FIRST_CREATED = Date.UTC(2016, 0, 4, 9, 0, 0);
// Repositories are created in index order, one every ~27 minutes, so that
// "sort by created" is index order and needs no materialised sort.
const CREATED_STEP_MS = 27 * 60 * 1000;
export const DAY = 24 * 60 * 60 * 1000;

export const REPO_ID_BASE = 500_000_000;
export const USER_COUNT = 320;
export const ORG_ID = 91_000_001;
export const ORG_CREATED = Date.UTC(2014, 2, 11, 10, 0, 0);

/** Review ids must be unique across the org and stable under overlays. */
export function reviewId(
  repoIndex: number,
  pullNumber: number,
  ordinal: number,
): number {
  return 3_000_000_000 + (repoIndex * 100_000 + pullNumber) * 100 + ordinal;
}

export function pullId(repoIndex: number, pullNumber: number): number {
  return 1_000_000_000 + repoIndex * 100_000 + pullNumber;
}

export function squadSlug(squad: number): string {
  return `squad-${SQUADS[squad]}`;
}

export function squadTitle(squad: number): string {
  const s = SQUADS[squad];
  return `Squad ${s[0].toUpperCase()}${s.slice(1)}`;
}

/** Pads to 5 digits; more digits once past 99,999, which keeps names unique. */
export function repoSuffix(index: number): string {
  return String(index).padStart(5, '0');
}

/** The inverse of the name scheme: the index a name claims to be, to be verified by regenerating it. */
export function indexFromName(name: string): number | undefined {
  const m = /-(\d{5,})$/.exec(name);
  if (!m) return undefined;
  const index = Number(m[1]);
  return Number.isSafeInteger(index) && repoSuffix(index) === m[1]
    ? index
    : undefined;
}

/**
 * The cheap part of a repository: ~15 hash draws, used to sort, filter and
 * count all repositories (and to find one by name) without generating files.
 */
export function generateRepoCore(seed: number, index: number): RepoCore {
  const u = (s: number) => unit(seed, index, s);
  const type = weighted<RepoType>(u(S.type), [
    ['service', 60],
    ['library', 25],
    ['website', 15],
  ]);
  const domain = Math.floor(u(S.domain) * DOMAINS.length);
  const component =
    u(S.hasComponent) < 0.6
      ? Math.floor(u(S.component) * COMPONENTS.length)
      : null;
  const kinds = KINDS[type];
  const kind = kinds[Math.floor(u(S.kind) * kinds.length)];
  const name = [
    DOMAINS[domain],
    component === null ? undefined : COMPONENTS[component],
    kind,
    repoSuffix(index),
  ]
    .filter(Boolean)
    .join('-');
  // Squads mostly own the repositories of "their" domain, as real teams do.
  const squad =
    u(S.squadHome) < 0.7
      ? domain % SQUADS.length
      : Math.floor(u(S.squad) * SQUADS.length);
  const language = weighted(u(S.language), LANGUAGES[type]);
  const archived = u(S.archived) < 0.03;
  const visibility = weighted<Visibility>(u(S.visibility), [
    ['private', 70],
    ['internal', 25],
    ['public', 5],
  ]);
  const createdAt =
    FIRST_CREATED +
    index * CREATED_STEP_MS +
    Math.floor(u(S.created) * (CREATED_STEP_MS - 60_000));
  const lifetime = Math.max(GENERATED_NOW - createdAt, DAY);
  const pushedAt = archived
    ? createdAt + Math.floor(u(S.pushed) * lifetime * 0.3)
    : Math.max(
        createdAt + 60_000,
        GENERATED_NOW - Math.floor(u(S.pushed) * Math.min(lifetime, 400 * DAY)),
      );
  const updatedAt = pushedAt + Math.floor(u(S.updated) * 3 * DAY);
  const pr = u(S.pulls);
  // ~30% of active repositories have 1-5 open pull requests.
  const pullCount = !archived && pr < 0.3 ? 1 + Math.floor((pr / 0.3) * 5) : 0;
  return {
    index,
    id: REPO_ID_BASE + index,
    name,
    type,
    domain,
    component,
    kind,
    squad,
    language,
    archived,
    visibility,
    createdAt,
    pushedAt,
    updatedAt: Math.min(updatedAt, Math.max(GENERATED_NOW, pushedAt)),
    pullCount,
  };
}

/** GitHub runs workflows from `.github/workflows/*.yml|yaml` only. */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

/**
 * The outcome of CI on the default branch's head (~85% SUCCESS), which the
 * head commit reports while the repository has a workflow file. A draw of its
 * own (seed, index, salt): no other generated value moves because of it.
 */
export function generateCiState(seed: number, index: number): CommitState {
  return unit(seed, index, S.ciState) < 0.85 ? 'SUCCESS' : 'FAILURE';
}
