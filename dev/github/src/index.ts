/**
 * A local stand-in for GitHub's REST and GraphQL APIs, for tests, local
 * development and benchmarks. Never part of a production configuration.
 *
 * @packageDocumentation
 */

export { startGitHubServer } from './server';
export type { GitHubServerOptions, LocalGitHub } from './server';
export type {
  BranchProtectionSpec,
  GitHubControl,
  ServerInfo,
} from './control/control';
export type { FaultSpec, ActiveFault } from './middleware/faults';
export type {
  RateLimitSnapshot,
  RateLimitWindow,
} from './middleware/rateLimit';
export type { StatsSnapshot } from './middleware/stats';
export type { NewPullRequest } from './data/pullChanges';
export type { CreatedRepoInfo, PushRecord } from './data/created';
export type { CommitState, RateLimitResource, ReviewState } from './data/model';
