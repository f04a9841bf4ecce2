/** Operators of a check's conditions (json-rules-engine's built-in ones). */
export type ConditionOperator =
  | 'equal'
  | 'notEqual'
  | 'lessThan'
  | 'lessThanInclusive'
  | 'greaterThan'
  | 'greaterThanInclusive'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'doesNotContain';

/** One comparison of a fact's value. */
export type FactCondition = {
  fact: string;
  operator: ConditionOperator;
  value: unknown;
};

/**
 * A check's rule, in json-rules-engine's shape so that the community
 * backend's `/checks/run` evaluates the same checks.
 */
export type Condition =
  | FactCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type ScorecardCheck = {
  id: string;
  name: string;
  description: string;
  /** What to do to pass, shown when the check fails. */
  remediation: string;
  /** Where to read more (a guide, an ADR). */
  link?: string;
  /** Fact retriever ids whose facts the rule reads. */
  factIds: string[];
  rule: Condition;
};

export type ScorecardLevel = {
  /** 1, 2, ... in order: a component holds N when every check at N and below passes. */
  level: number;
  name: string;
  checks: ScorecardCheck[];
};

export type ScorecardTrack = {
  id: string;
  title: string;
  description: string;
  /** Which entities the track applies to, e.g. kinds [component], types [service]. */
  appliesTo: { kinds: string[]; types?: string[] };
  levels: ScorecardLevel[];
};

/**
 * passed/failed: the rule's outcome. exempt: failed or unknown, but under an
 * active exemption (counts as passing). unknown: a fact the rule needs is
 * missing (the retriever has not run, or the source could not be read).
 */
export type CheckState = 'passed' | 'failed' | 'exempt' | 'unknown';

export type Exemption = {
  id: string;
  entityRef: string;
  checkId: string;
  justification: string;
  expiresAt: string;
  createdBy: string;
  createdAt: string;
  revokedBy?: string;
  revokedAt?: string;
};

export type CheckResult = {
  checkId: string;
  state: CheckState;
  /** Why it fails (or is unknown), in words: the facts compared. */
  reason?: string;
  /** The facts the rule read, as they were. */
  facts: Record<string, unknown>;
  /** Since when the check has been in this state. */
  since: string;
  exemption?: Exemption;
};

export type TrackResult = {
  trackId: string;
  /** 0 when level 1 is not reached. */
  level: number;
  maxLevel: number;
  checks: CheckResult[];
};

export type EntityScorecard = {
  entityRef: string;
  ownerRef?: string;
  evaluatedAt?: string;
  /** Tracks that apply to the entity. */
  tracks: TrackResult[];
};

export type LevelChange = {
  trackId: string;
  level: number;
  at: string;
};

/** A check's state changed; its first result is not a change. */
export type CheckChange = {
  checkId: string;
  state: CheckState;
  at: string;
  /** The state it left, held since `previousSince`. */
  previousState: CheckState;
  previousSince?: string;
};

export type EntityHistory = {
  levels: LevelChange[];
  checks: CheckChange[];
};

/** Components of one group (squad or colony) per level of one track. */
export type TrackRollup = {
  trackId: string;
  components: number;
  /** components at exactly level i, i = 0..maxLevel */
  atLevel: number[];
  /** percentage of components at level >= i, i = 1..maxLevel (index 0 = level 1) */
  certifiedPercent: number[];
};

export type GroupRollup = {
  groupRef: string;
  title: string;
  type: 'squad' | 'colony' | 'organisation';
  /** The colony of a squad. */
  parentRef?: string;
  components: number;
  tracks: TrackRollup[];
};

export type ScorecardMatrix = {
  evaluatedAt?: string;
  tracks: ScorecardTrack[];
  organisation: GroupRollup;
  colonies: GroupRollup[];
  squads: GroupRollup[];
};

export type CheckBlocker = {
  trackId: string;
  checkId: string;
  level: number;
  /** Components this check keeps below its level. */
  blocked: number;
  failing: number;
};

export type ComponentLevels = {
  entityRef: string;
  title?: string;
  levels: Record<string, number>;
  failingChecks: string[];
};

export type GroupScorecard = {
  group: GroupRollup;
  blockers: CheckBlocker[];
  components: ComponentLevels[];
};

/** One day of a group's track: percentage at level >= i (index 0 = level 1). */
export type TrendPoint = {
  day: string;
  components: number;
  certifiedPercent: number[];
};

export type GroupTrend = {
  groupRef: string;
  trackId: string;
  points: TrendPoint[];
};

export type EvaluationSummary = {
  evaluatedAt: string;
  entities: number;
  results: number;
  durationMs: number;
};
