import { squadSlug, USER_COUNT } from '../data/generator/core';
import type {
  CommitState,
  ProtectionRecord,
  RateLimitResource,
  ReviewState,
} from '../data/model';
import type { CreatedRepoInfo, PushRecord } from '../data/created';
import { NotFound } from '../data/errors';
import type { NewPullRequest } from '../data/pullChanges';
import { SQUADS } from '../data/vocabulary';
import type { AppContext } from '../http/context';
import type { ActiveFault, FaultSpec } from '../middleware/faults';
import { RateLimitSnapshot, RESOURCES } from '../middleware/rateLimit';
import type { StatsSnapshot } from '../middleware/stats';

/** Branch protection for the default branch; omitted fields take these defaults. */
export interface BranchProtectionSpec {
  /** Approvals required; null = reviews not required. Default 1. */
  requiredApprovingReviewCount?: number | null;
  /** Required status check contexts; null = none required. Default null. */
  requiredStatusChecks?: string[] | null;
  strictStatusChecks?: boolean;
  dismissStaleReviews?: boolean;
  requireCodeOwnerReviews?: boolean;
  enforceAdmins?: boolean;
  requiredLinearHistory?: boolean;
  requiredConversationResolution?: boolean;
}

export interface ServerInfo {
  org: string;
  seed: number;
  repoCount: number;
  squads: string[];
  users: number;
  url: string;
}

/** Changes the world behind the API; the same operations are served under /_control/. */
export interface GitHubControl {
  info(): ServerInfo;
  /** Arms a fault; returns it with its id. */
  injectFault(fault: FaultSpec): ActiveFault;
  removeFault(id: string): boolean;
  clearFaults(): void;
  listFaults(): ActiveFault[];
  rateLimit(resource: RateLimitResource): RateLimitSnapshot;
  /** Sets what is left of a resource's budget (and optionally when it resets). */
  setRateLimit(state: {
    resource: RateLimitResource;
    remaining: number;
    resetInSeconds?: number;
    limit?: number;
  }): RateLimitSnapshot;
  /** remaining = 0 until the reset (default: the end of the current window). */
  exhaustRateLimit(
    resource: RateLimitResource,
    resetInSeconds?: number,
  ): RateLimitSnapshot;
  resetRateLimits(): void;
  /** Returns the names actually deleted (unknown names are ignored). */
  deleteRepos(names: string[]): string[];
  restoreRepos(): void;
  setRepoCount(count: number): void;
  putFile(repo: string, path: string, content: string, message?: string): void;
  deleteFile(repo: string, path: string, message?: string): boolean;
  /** null removes protection. */
  setBranchProtection(
    repo: string,
    protection: BranchProtectionSpec | null,
  ): void;
  /**
   * The combined CI status of the default branch's head commit (GraphQL
   * `statusCheckRollup.state`, REST `/commits/{ref}/status`), instead of the
   * generated one; null = no status. Kept across later commits (putFile)
   * until reset().
   */
  setCommitStatus(repo: string, state: CommitState | null): void;
  addPullRequest(repo: string, pull: NewPullRequest): { number: number };
  closePullRequest(
    repo: string,
    number: number,
    options?: { merged?: boolean },
  ): void;
  addReview(
    repo: string,
    number: number,
    review: { author: string; state: ReviewState; body?: string },
  ): void;
  /** Logins of a squad's members (handy to author pull requests and reviews). */
  squadMembers(squad: string): string[];
  /**
   * Repositories created through the API (POST /orgs/{org}/repos), oldest
   * first: settings, branches as pushed, files, pushes, team and
   * collaborator access.
   */
  createdRepos(): CreatedRepoInfo[];
  /** One created repository; throws NotFound for any other name. */
  createdRepo(name: string): CreatedRepoInfo;
  /** The pushes that moved a branch of a created repository, oldest first. */
  pushes(name: string): PushRecord[];
  stats(): StatsSnapshot;
  resetStats(): void;
  /** Makes a login a member of the organisation (creating the account if new). */
  addMember(login: string): void;
  /** Makes a login an account outside the organisation (a member no more). */
  addOutsideUser(login: string): void;
  /** Members and outside users added to the generated people. */
  identities(): { members: string[]; outsideUsers: string[] };
  /** Overlay, created repositories, faults, rate limits and stats back to the start state. */
  reset(): void;
}

export function toProtection(spec: BranchProtectionSpec): ProtectionRecord {
  return {
    requiredApprovingReviewCount:
      spec.requiredApprovingReviewCount === undefined
        ? 1
        : spec.requiredApprovingReviewCount,
    dismissStaleReviews: spec.dismissStaleReviews ?? false,
    requireCodeOwnerReviews: spec.requireCodeOwnerReviews ?? false,
    requiredStatusChecks: spec.requiredStatusChecks ?? null,
    strictStatusChecks: spec.strictStatusChecks ?? false,
    enforceAdmins: spec.enforceAdmins ?? false,
    requiredLinearHistory: spec.requiredLinearHistory ?? false,
    allowForcePushes: false,
    allowDeletions: false,
    requiredConversationResolution:
      spec.requiredConversationResolution ?? false,
  };
}

const COMMIT_STATES: readonly CommitState[] = ['SUCCESS', 'FAILURE', 'PENDING'];

/** SUCCESS | FAILURE | PENDING (any case) or null. */
export function checkCommitState(state: unknown): CommitState | null {
  if (state === null) return null;
  const upper = typeof state === 'string' ? state.toUpperCase() : state;
  if (!COMMIT_STATES.includes(upper as CommitState)) {
    throw new RangeError(
      `state must be one of ${COMMIT_STATES.join(', ')} or null`,
    );
  }
  return upper as CommitState;
}

function checkResource(resource: string): RateLimitResource {
  if (!RESOURCES.includes(resource as RateLimitResource)) {
    throw new RangeError(`resource must be one of ${RESOURCES.join(', ')}`);
  }
  return resource as RateLimitResource;
}

export function createControl(app: AppContext): GitHubControl {
  const { store, limiter, faults, stats } = app;
  return {
    info: () => ({
      org: store.org,
      seed: store.seed,
      repoCount: store.repoCount,
      squads: SQUADS.map((_, i) => squadSlug(i)),
      users: USER_COUNT,
      url: app.baseUrl,
    }),
    injectFault: spec => faults.add(spec),
    removeFault: id => faults.remove(id),
    clearFaults: () => faults.clear(),
    listFaults: () => faults.list(),
    rateLimit: resource => limiter.peek(checkResource(resource)),
    setRateLimit: ({ resource, ...state }) =>
      limiter.set(checkResource(resource), state),
    exhaustRateLimit: (resource, resetInSeconds) => {
      const current = limiter.peek(checkResource(resource));
      return limiter.set(resource, {
        remaining: 0,
        resetInSeconds:
          resetInSeconds ??
          Math.max(0, current.reset - Math.floor(Date.now() / 1000)),
      });
    },
    resetRateLimits: () => limiter.resetAll(),
    deleteRepos: names => store.deleteRepos(names),
    restoreRepos: () => store.restoreRepos(),
    setRepoCount: count => store.setRepoCount(count),
    putFile: (repo, path, content, message) =>
      store.putFile(repo, path, content, message),
    deleteFile: (repo, path, message) => store.deleteFile(repo, path, message),
    setBranchProtection: (repo, spec) =>
      store.setProtection(repo, spec === null ? null : toProtection(spec)),
    setCommitStatus: (repo, state) =>
      store.setCommitStatus(repo, checkCommitState(state)),
    addPullRequest: (repo, pull) => ({
      number: store.addPull(repo, pull).number,
    }),
    closePullRequest: (repo, number, options) => {
      store.closePull(repo, number, options?.merged ?? false);
    },
    addReview: (repo, number, review) => {
      store.addReview(repo, number, review);
    },
    squadMembers: squad => {
      const team = store.team(
        squad.startsWith('squad-') ? squad : `squad-${squad}`,
      );
      return team ? store.teamMembers(team).map(u => u.login) : [];
    },
    createdRepos: () => store.createdInfo(),
    createdRepo: name => {
      const found = store
        .createdInfo()
        .find(r => r.name.toLowerCase() === name.toLowerCase());
      if (!found) throw new NotFound(`No created repository ${name}`);
      return found;
    },
    pushes(name) {
      return this.createdRepo(name).pushes;
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    addMember: login => {
      app.identities.addMember(login);
    },
    addOutsideUser: login => {
      app.identities.addOutsideUser(login);
    },
    identities: () => app.identities.added(),
    reset: () => {
      app.identities.reset();
      store.reset();
      faults.clear();
      limiter.resetAll();
      stats.reset();
    },
  };
}
