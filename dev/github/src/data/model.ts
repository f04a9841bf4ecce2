import type { RepoType } from './vocabulary';

/** Internal records: plain data, serialised into GitHub's shapes by rest/ and graphql/. */

export type Visibility = 'public' | 'private' | 'internal';

export type RateLimitResource = 'core' | 'graphql' | 'search';

/** Combined CI state of a commit, in GraphQL's `StatusState` spelling. */
export type CommitState = 'SUCCESS' | 'FAILURE' | 'PENDING';

export interface UserRecord {
  id: number;
  login: string;
  name: string;
  email: string;
  /** Index into SQUADS, or null for people in no squad and for bots. */
  squad: number | null;
  type: 'User' | 'Bot';
  createdAt: number;
}

export interface TeamRecord {
  id: number;
  slug: string;
  name: string;
  description: string;
  /** Index into SQUADS; -1 for the organisation and colony teams (see orgTeams.ts). */
  squad: number;
  createdAt: number;
  /** The parent team's slug (GitHub's nested teams). */
  parentSlug?: string;
  /** Immediate members of a team that is not a squad's. */
  memberLogins?: string[];
}

export interface ProtectionRecord {
  /** null = pull request reviews are not required. */
  requiredApprovingReviewCount: number | null;
  dismissStaleReviews: boolean;
  requireCodeOwnerReviews: boolean;
  /** null = status checks are not required. */
  requiredStatusChecks: string[] | null;
  strictStatusChecks: boolean;
  enforceAdmins: boolean;
  requiredLinearHistory: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
  requiredConversationResolution: boolean;
}

export type ReviewState =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'COMMENTED'
  | 'DISMISSED';

export interface ReviewRecord {
  id: number;
  author: string;
  state: ReviewState;
  body: string;
  submittedAt: number;
  commitId: string;
}

export interface PullRecord {
  number: number;
  title: string;
  body: string;
  author: string;
  labels: string[];
  draft: boolean;
  createdAt: number;
  updatedAt: number;
  headRef: string;
  headSha: string;
  requestedReviewers: string[];
  /** Team slugs. */
  requestedTeams: string[];
  reviews: ReviewRecord[];
  state: 'open' | 'closed';
  closedAt: number | null;
  mergedAt: number | null;
  additions: number;
  deletions: number;
  changedFiles: number;
  commits: number;
}

/** The few fields needed to sort and filter 100k repositories without generating their content. */
export interface RepoCore {
  index: number;
  id: number;
  name: string;
  type: RepoType;
  domain: number;
  component: number | null;
  kind: string;
  /** Index into SQUADS; -1 for a created repository no squad's team has been given. */
  squad: number;
  /** '' (GitHub: null) for created repositories: language detection is not modelled. */
  language: string;
  archived: boolean;
  visibility: Visibility;
  createdAt: number;
  pushedAt: number;
  updatedAt: number;
  pullCount: number;
}

export interface RepoRecord extends RepoCore {
  description: string | null;
  /** Whether the `squad` custom property is set. */
  squadProperty: boolean;
  topics: string[];
  defaultBranch: string;
  homepage: string | null;
  sizeKb: number;
  stargazers: number;
  forks: number;
  openIssues: number;
  /** Path -> UTF-8 content, in generation order. */
  files: Map<string, string>;
  protection: ProtectionRecord | null;
  pulls: PullRecord[];
  commit: {
    message: string;
    /** A login for generated commits; the git author's name for pushed ones. */
    author: string;
    date: number;
    /** '' for a root commit. */
    parentSha: string;
  };
  /** Teams given access through the API: slug -> permission (pull ... admin). */
  teamPermissions?: Record<string, string>;
  /** Collaborators added through the API: login -> permission. */
  collaborators?: Record<string, string>;
  /**
   * Set only by the control API: the combined status of the default branch's
   * head (null = no status). Absent = generated (see `generateCiState`).
   */
  statusOverride?: CommitState | null;
}
