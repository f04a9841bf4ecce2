import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  EntityHistory,
  EntityScorecard,
  EvaluationSummary,
  Exemption,
  GroupScorecard,
  GroupTrend,
  ScorecardMatrix,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';

export type {
  CheckBlocker,
  CheckChange,
  CheckResult,
  CheckState,
  ComponentLevels,
  EntityHistory,
  EntityScorecard,
  EvaluationSummary,
  Exemption,
  GroupRollup,
  GroupScorecard,
  GroupTrend,
  LevelChange,
  ScorecardCheck,
  ScorecardLevel,
  ScorecardMatrix,
  ScorecardTrack,
  TrackResult,
  TrackRollup,
  TrendPoint,
} from '@internal/backstage-plugin-tech-insights-common';

/** `POST /scorecards/exemptions`. */
export type CreateExemptionRequest = {
  entityRef: string;
  checkId: string;
  justification: string;
  /** ISO date-time, in the future, at most a year ahead. */
  expiresAt: string;
};

/**
 * A re-run's answer: the scorecard, and the fact retrievers that could not
 * read their source this time (their older facts were used, if any).
 */
export type RerunResult = EntityScorecard & { warnings?: string[] };

/** `GET /scorecards/trends`. */
export type TrendRequest = {
  /** Group entity ref; the whole organisation when absent. */
  group?: string;
  track: string;
  /** How many days back; 90 when absent. */
  days?: number;
};

/** Reads scorecards and acts on them through the tech-insights backend. */
export interface ScorecardsApi {
  /** Every track, with its levels and checks. */
  listTracks(): Promise<ScorecardTrack[]>;
  /** A component's results per track (404 when scorecards do not know it). */
  getEntityScorecard(entityRef: string): Promise<EntityScorecard>;
  /** Fetches the component's facts again and evaluates it now. */
  rerunEntity(entityRef: string): Promise<RerunResult>;
  /** When a component's levels and checks changed. */
  getEntityHistory(entityRef: string): Promise<EntityHistory>;
  /** A component's exemptions, active and past. */
  listExemptions(entityRef: string): Promise<Exemption[]>;
  createExemption(request: CreateExemptionRequest): Promise<Exemption>;
  revokeExemption(id: string): Promise<Exemption>;
  /** The organisation's, colonies' and squads' roll-ups per track. */
  getMatrix(): Promise<ScorecardMatrix>;
  /** A squad's or colony's roll-up, blockers and components. */
  getGroupScorecard(groupRef: string): Promise<GroupScorecard>;
  /** Percentages certified per day of a group (or the organisation). */
  getTrend(request: TrendRequest): Promise<GroupTrend>;
  /** Where the CSV export of a group (or everything) is. */
  getExportUrl(request?: { group?: string }): Promise<string>;
  /** The CSV export, fetched with the user's credentials. */
  exportCsv(request?: { group?: string }): Promise<Blob>;
  /** Evaluates every component now (platform team only). */
  evaluateAll(): Promise<EvaluationSummary>;
}

/** The {@link ScorecardsApi}. */
export const scorecardsApiRef = createApiRef<ScorecardsApi>().with({
  id: 'plugin.tech-insights.scorecards',
  pluginId: 'tech-insights',
});
