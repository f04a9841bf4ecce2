import {
  generateCiState,
  generateRepoCore,
  indexFromName,
  isWorkflowPath,
  ORG_CREATED,
  squadSlug,
} from './generator/core';
import { BOTS, generateTeams, generateUsers } from './generator/people';
import { generateRepoPulls } from './generator/pulls';
import { generateRepo } from './generator/repo';
import { generateTraits } from './generator/traits';
import { withOrgTeams } from './orgTeams';
import { Lru } from './lru';
import { NotFound, RepoExists } from './errors';
import {
  addReview,
  closePull,
  NewPullRequest,
  NewReview,
  openPull,
} from './pullChanges';
import { orderRepos, RepoFilter, RepoListQuery } from './repoList';
import type { PushedState } from './bare';
import {
  CreatedRepo,
  CreatedRepoInfo,
  CreatedRepos,
  NewRepository,
} from './created';
import { buildSnapshot, GitSnapshot } from './git';
import type {
  CommitState,
  ProtectionRecord,
  PullRecord,
  RepoCore,
  RepoRecord,
  TeamRecord,
  UserRecord,
} from './model';
import { SQUADS } from './vocabulary';

/** A repository as served: generated record + overlay, with its git objects on demand. */
export interface RepoView {
  record: RepoRecord;
  /** The default branch's head (empty, with commitSha '', for an empty created repository). */
  snapshot(): GitSnapshot;
  /** Created repositories only: their branches and commits as pushed. */
  pushed?: PushedState;
}

/**
 * The organisation's state: a pure generator (seed, index) -> repository,
 * plus an overlay holding only what the control API changed. Overlaid
 * repositories are full copies; everything else is regenerated on demand and
 * kept in a bounded cache.
 */
export class Store {
  readonly seed: number;
  readonly org: string;
  private count: number;
  private readonly initialCount: number;
  /** Bumped on every change; derived caches compare against it. */
  version = 0;
  private readonly deleted = new Set<number>();
  readonly created = new CreatedRepos();
  /** Per created repository, so that reads after concurrent pushes do not interleave. */
  private readonly refreshing = new Map<number, Promise<unknown>>();
  private readonly overrides = new Map<number, RepoRecord>();
  private readonly views = new Lru<number, RepoView>(1000);
  private readonly orderings = new Lru<string, Int32Array>(16);
  private orderingsVersion = -1;
  readonly users: UserRecord[];
  private readonly usersByLogin: Map<string, UserRecord>;
  readonly teams: TeamRecord[];

  constructor(options: { seed: number; org: string; repoCount: number }) {
    this.seed = options.seed;
    this.org = options.org;
    this.count = options.repoCount;
    this.initialCount = options.repoCount;
    this.users = generateUsers(this.seed);
    this.usersByLogin = new Map(
      [...this.users, ...BOTS].map(u => [u.login.toLowerCase(), u]),
    );
    // The squad teams nested under colony teams and an organisation team.
    this.teams = withOrgTeams(
      this.org,
      generateTeams(),
      this.users,
      ORG_CREATED,
    );
  }

  get repoCount(): number {
    return this.count;
  }

  private touch(index?: number) {
    this.version++;
    if (index !== undefined) this.views.delete(index);
  }

  // ---- repositories ---------------------------------------------------

  isVisible(index: number): boolean {
    if (this.deleted.has(index)) return false;
    return (index >= 0 && index < this.count) || this.created.has(index);
  }

  core(index: number): RepoCore {
    return (
      this.created.get(index)?.record ??
      this.overrides.get(index) ??
      generateRepoCore(this.seed, index)
    );
  }

  /** Case-insensitive, like GitHub's URLs. */
  findIndex(owner: string, name: string): number | undefined {
    if (owner.toLowerCase() !== this.org.toLowerCase()) return undefined;
    const created = this.created.find(name);
    if (created) {
      return this.deleted.has(created.index) ? undefined : created.index;
    }
    const lower = name.toLowerCase();
    const index = indexFromName(lower);
    if (index === undefined || !this.isVisible(index)) return undefined;
    return this.core(index).name === lower ? index : undefined;
  }

  repo(index: number): RepoView {
    const created = this.created.get(index);
    if (created) {
      return {
        record: created.record,
        snapshot: () => this.created.snapshot(created),
        pushed: created.state,
      };
    }
    const cached = this.views.get(index);
    if (cached) return cached;
    const record =
      this.overrides.get(index) ??
      generateRepo(this.seed, this.org, generateRepoCore(this.seed, index));
    let snapshot: GitSnapshot | undefined;
    const view: RepoView = {
      record,
      snapshot: () => {
        if (!snapshot) {
          const author = this.user(record.commit.author);
          snapshot = buildSnapshot(record.files, {
            parentSha: record.commit.parentSha,
            authorName: author?.name ?? record.commit.author,
            authorEmail: author?.email ?? 'noreply@github.com',
            date: record.commit.date,
            message: record.commit.message,
          });
        }
        return snapshot;
      },
    };
    this.views.set(index, view);
    return view;
  }

  /** A repository's record if it is created, overlaid or cached: no generation needed. */
  private recordAtHand(index: number): RepoRecord | undefined {
    return (
      this.created.get(index)?.record ??
      this.overrides.get(index) ??
      this.views.get(index)?.record
    );
  }

  /** The pull requests of a repository without generating its files (search scans). */
  pulls(index: number): PullRecord[] {
    const known = this.recordAtHand(index);
    if (known) return known.pulls;
    const core = generateRepoCore(this.seed, index);
    if (core.pullCount === 0) return [];
    return generateRepoPulls(this.seed, core, generateTraits(this.seed, core));
  }

  protection(index: number): ProtectionRecord | null {
    const known = this.recordAtHand(index);
    if (known) return known.protection;
    return generateTraits(this.seed, generateRepoCore(this.seed, index))
      .protection;
  }

  /**
   * The combined CI state of the default branch's head commit: the control
   * API's override if set, else the generated outcome while a workflow file
   * exists, else null (no status). With `sha`, other commits (pull request
   * heads, earlier commits) have none.
   */
  commitStatus(index: number, sha?: string): CommitState | null {
    const view = this.repo(index);
    if (sha !== undefined && sha !== view.snapshot().commitSha) return null;
    const record = view.record;
    if (record.statusOverride !== undefined) return record.statusOverride;
    for (const path of record.files.keys()) {
      if (isWorkflowPath(path)) return generateCiState(this.seed, index);
    }
    return null;
  }

  /** Visible repositories with possibly-open pull requests, in index order. */
  *reposWithPulls(): Generator<number> {
    for (let i = 0; i < this.count; i++) {
      if (this.deleted.has(i)) continue;
      const override = this.overrides.get(i);
      if (override ? override.pulls.length > 0 : this.core(i).pullCount > 0) {
        yield i;
      }
    }
    for (const c of this.created.all()) {
      if (!this.deleted.has(c.index) && c.record.pulls.length > 0) {
        yield c.index;
      }
    }
  }

  /** Generated indices, then created repositories in creation order (which is also created_at order); not deleted ones. */
  private *visibleIndices(): Generator<number> {
    for (let i = 0; i < this.count; i++) {
      if (!this.deleted.has(i)) yield i;
    }
    for (const c of this.created.all()) {
      if (!this.deleted.has(c.index)) yield c.index;
    }
  }

  /**
   * The visible repositories in the requested order, as indices. Orderings
   * are 4 bytes per repository and a few are cached, which is what lets
   * 100k repositories be paged without holding their records.
   */
  list(query: RepoListQuery): Int32Array {
    if (this.orderingsVersion !== this.version) {
      this.orderings.clear();
      this.orderingsVersion = this.version;
    }
    const key = JSON.stringify(query);
    const cached = this.orderings.get(key);
    if (cached) return cached;
    const order = orderRepos(this.visibleIndices(), i => this.core(i), query);
    this.orderings.set(key, order);
    return order;
  }

  countWhere(filter: RepoFilter): number {
    return this.list({ sort: 'created', direction: 'asc', filter }).length;
  }

  // ---- people and teams -------------------------------------------------

  user(login: string): UserRecord | undefined {
    return this.usersByLogin.get(login.toLowerCase());
  }

  team(slug: string): TeamRecord | undefined {
    return this.teams.find(t => t.slug === slug.toLowerCase());
  }

  /** Immediate members. */
  teamMembers(team: TeamRecord): UserRecord[] {
    if (team.memberLogins) {
      return team.memberLogins
        .map(login => this.user(login))
        .filter((u): u is UserRecord => u !== undefined);
    }
    return this.users.filter(u => u.squad === team.squad);
  }

  /** Teams whose parent is this one; with `recursive`, their children too. */
  childTeams(team: TeamRecord, recursive: boolean): TeamRecord[] {
    const children = this.teams.filter(t => t.parentSlug === team.slug);
    if (!recursive) return children;
    return children.flatMap(c => [c, ...this.childTeams(c, true)]);
  }

  /** Organisation members: everyone generated (bots are not members). */
  orgMembers(): UserRecord[] {
    return this.users;
  }

  teamRepos(team: TeamRecord): Int32Array {
    if (team.squad < 0) return new Int32Array(0);
    return this.list({
      sort: 'created',
      direction: 'asc',
      filter: { squad: team.squad },
    });
  }

  // ---- overlay (control API) -------------------------------------------

  private mutable(repoName: string): RepoRecord {
    const index = this.findIndex(this.org, repoName);
    if (index === undefined) {
      throw new NotFound(`No repository ${this.org}/${repoName}`);
    }
    const created = this.created.get(index);
    if (created) {
      this.touch(index);
      return created.record;
    }
    let record = this.overrides.get(index);
    if (!record) {
      record = structuredClone(this.repo(index).record);
      this.overrides.set(index, record);
    }
    this.touch(index);
    return record;
  }

  /** A change to files is a new commit on the default branch, as a push would be. */
  private commit(record: RepoRecord, previous: string, message: string) {
    const now = Date.now();
    record.commit = {
      message,
      author: record.commit.author,
      date: now,
      parentSha: previous,
    };
    record.pushedAt = now;
    record.updatedAt = now;
  }

  deleteRepos(names: string[]): string[] {
    const done: string[] = [];
    for (const name of names) {
      const index = this.findIndex(this.org, name);
      if (index === undefined) continue;
      this.deleted.add(index);
      this.touch(index);
      done.push(this.core(index).name);
    }
    return done;
  }

  restoreRepos(): void {
    this.deleted.clear();
    this.touch();
  }

  setRepoCount(count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError('count must be a non-negative integer');
    }
    this.count = count;
    this.views.clear();
    this.touch();
  }

  putFile(repoName: string, path: string, content: string, message?: string) {
    const clean = normalisePath(path);
    this.refusePushed(repoName);
    const record = this.mutable(repoName);
    const previous = this.repo(record.index).snapshot().commitSha;
    // Writing under an existing file's path, or a file where a directory is, is what git refuses too.
    for (const existing of record.files.keys()) {
      if (
        clean.startsWith(`${existing}/`) ||
        existing.startsWith(`${clean}/`)
      ) {
        throw new RangeError(`${clean} conflicts with ${existing}`);
      }
    }
    const isNew = !record.files.has(clean);
    record.files.set(clean, content);
    this.commit(
      record,
      previous,
      message ?? `${isNew ? 'Create' : 'Update'} ${clean}`,
    );
    this.touch(record.index);
  }

  deleteFile(repoName: string, path: string, message?: string): boolean {
    const clean = normalisePath(path);
    this.refusePushed(repoName);
    const record = this.mutable(repoName);
    const previous = this.repo(record.index).snapshot().commitSha;
    if (!record.files.delete(clean)) return false;
    this.commit(record, previous, message ?? `Delete ${clean}`);
    this.touch(record.index);
    return true;
  }

  setProtection(repoName: string, protection: ProtectionRecord | null): void {
    this.mutable(repoName).protection = protection;
  }

  /** Overrides the generated status of the default branch's head, across later commits too. */
  setCommitStatus(repoName: string, state: CommitState | null): void {
    this.mutable(repoName).statusOverride = state;
  }

  addPull(repoName: string, input: NewPullRequest): PullRecord {
    return openPull(this.mutable(repoName), input, this);
  }

  closePull(repoName: string, number: number, merged = false): PullRecord {
    return closePull(this.mutable(repoName), number, merged);
  }

  addReview(repoName: string, number: number, review: NewReview): PullRecord {
    return addReview(this.mutable(repoName), number, review, this);
  }

  /** Back to the generated state (and the initial repository count); created repositories are removed. */
  reset(): void {
    this.deleted.clear();
    this.overrides.clear();
    this.views.clear();
    this.count = this.initialCount;
    for (const c of this.created.clear()) {
      this.refreshing.delete(c.index);
      this.created.bare.remove(c.key).catch(() => undefined);
    }
    this.touch();
  }

  // ---- created repositories (REST writes, git pushes) -------------------

  private refusePushed(repoName: string) {
    const index = this.findIndex(this.org, repoName);
    if (index !== undefined && this.created.has(index)) {
      throw new RangeError(
        `${repoName} was created through the API; its content is what is pushed to it`,
      );
    }
  }

  /** A created repository by name (deleted ones are not found). */
  createdRepo(name: string): CreatedRepo | undefined {
    const c = this.created.find(name);
    return c && !this.deleted.has(c.index) ? c : undefined;
  }

  /**
   * POST /orgs/{org}/repos: a new, empty bare repository (or one commit with
   * a README for `auto_init`). Names are unique case-insensitively across
   * generated and created repositories.
   */
  async createRepo(
    input: NewRepository & { autoInit?: boolean },
  ): Promise<CreatedRepo> {
    if (this.findIndex(this.org, input.name) !== undefined) {
      throw new RepoExists(input.name);
    }
    // A deleted created repository's name is free again.
    const old = this.created.find(input.name);
    if (old) {
      this.created.forget(old);
      await this.created.bare.remove(old.key);
    }
    const repo = this.created.reserve(input);
    try {
      await this.created.bare.init(repo.key, input.defaultBranch);
      if (input.autoInit) {
        const viewer = this.users[0];
        await this.created.bare.initialCommit(
          repo.key,
          input.defaultBranch,
          {
            'README.md': `# ${input.name}\n${
              input.description ? `${input.description}\n` : ''
            }`,
          },
          'Initial commit',
          { name: viewer.name, email: viewer.email },
        );
        await this.refreshCreated(repo);
      }
    } catch (e) {
      this.created.forget(repo);
      throw e;
    }
    this.touch(repo.index);
    return repo;
  }

  /** Mirrors the bare repository into the record after a push; true when a branch moved. */
  refreshCreated(repo: CreatedRepo): Promise<boolean> {
    const previous = this.refreshing.get(repo.index) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.created.refresh(repo))
      .then(changed => {
        if (changed) this.touch(repo.index);
        return changed;
      });
    this.refreshing.set(repo.index, next);
    return next;
  }

  /** DELETE /repos/{owner}/{repo} on a created repository: gone, with its git data. */
  async deleteCreated(repo: CreatedRepo): Promise<void> {
    this.created.forget(repo);
    this.deleted.delete(repo.index);
    this.touch(repo.index);
    await this.created.bare.remove(repo.key);
  }

  createdInfo(): CreatedRepoInfo[] {
    return this.created
      .all()
      .map(c => this.created.info(c, this.org, this.deleted.has(c.index)));
  }

  setTopics(repoName: string, topics: string[]): string[] {
    const record = this.mutable(repoName);
    record.topics = [...new Set(topics)];
    record.updatedAt = Date.now();
    return record.topics;
  }

  /** Team access; a created repository without a squad becomes the first squad team's. */
  setTeamPermission(
    repoName: string,
    team: TeamRecord,
    permission: string,
  ): void {
    const record = this.mutable(repoName);
    record.teamPermissions = {
      ...record.teamPermissions,
      [team.slug]: permission,
    };
    if (record.squad < 0) record.squad = team.squad;
  }

  setCollaborator(repoName: string, login: string, permission: string): void {
    const record = this.mutable(repoName);
    record.collaborators = { ...record.collaborators, [login]: permission };
  }

  // ---- helpers used by serialisers --------------------------------------

  squadOfSlug(slug: string): number | undefined {
    const i = SQUADS.findIndex((_, n) => squadSlug(n) === slug.toLowerCase());
    return i < 0 ? undefined : i;
  }
}

export function normalisePath(path: string): string {
  const clean = path.replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
  if (!clean || clean.split('/').some(p => p === '.' || p === '..')) {
    throw new RangeError(`Invalid path ${path}`);
  }
  return clean;
}
