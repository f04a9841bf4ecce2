import { NotFoundError, InputError } from '@backstage/errors';
import {
  EntityScorecard,
  GroupScorecard,
  GroupTrend,
  ScorecardMatrix,
  scorecardRerunPermission,
  scorecardTracksManagePermission,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import type { Request } from 'express';
import { FactRefresher } from '../evaluation/FactRefresher';
import {
  buildMatrix,
  ORGANISATION_KEY,
  trendPoints,
} from '../evaluation/rollups';
import { ScorecardEvaluator } from '../evaluation/ScorecardEvaluator';
import { ScorecardStore } from '../store/ScorecardStore';
import { entityScorecard } from './entityScorecard';
import { exportCsv, groupScorecard } from './reports';
import { actorOf, ScorecardAccess } from './ScorecardAccess';

/**
 * Scorecards of components and groups, read from precomputed results;
 * re-running one component's checks (its owners) and evaluating every
 * component (the platform team) are audited.
 */
export class ScorecardService {
  constructor(
    private readonly deps: {
      tracks: ScorecardTrack[];
      store: ScorecardStore;
      evaluator: ScorecardEvaluator;
      refresher: FactRefresher;
      access: ScorecardAccess;
    },
  ) {}

  tracks(): ScorecardTrack[] {
    return this.deps.tracks;
  }

  async scorecard(entityRef: string): Promise<EntityScorecard> {
    const scorecard = await this.#scorecardOf(entityRef);
    if (!scorecard) {
      throw new NotFoundError(
        `${entityRef} has not been evaluated: no track applies to it, or it is not in the catalog yet`,
      );
    }
    return scorecard;
  }

  /** Refreshes the component's facts, evaluates it and says what failed. */
  async rerun(req: Request, entityRef: string) {
    const { store, evaluator, refresher, access } = this.deps;
    const credentials = await access.authorizeFor(
      req,
      scorecardRerunPermission,
      entityRef,
      `Only the owners of ${entityRef} and the platform team may re-run its checks`,
    );
    const refreshed = await refresher.refresh(entityRef);
    const evaluation = await evaluator.evaluateOne(entityRef);
    if (!evaluation) {
      throw new NotFoundError(`${entityRef} is not in the catalog`);
    }
    await store.audit({
      at: new Date().toISOString(),
      actor: actorOf(credentials),
      action: 'entity.run',
      entityRef,
      details: { retrievers: refreshed },
    });
    const scorecard = await this.#scorecardOf(entityRef);
    return {
      ...scorecard,
      warnings: refreshed
        .filter(r => r.error)
        .map(r => `${r.retrieverId}: ${r.error}`),
    };
  }

  history(entityRef: string) {
    return this.deps.store.history(entityRef);
  }

  async evaluateAll(req: Request) {
    const credentials = await this.deps.access.authorize(
      req,
      scorecardTracksManagePermission,
      'Only the platform team may evaluate every component on demand',
      { users: true },
    );
    const summary = await this.deps.evaluator.evaluateAll();
    await this.deps.store.audit({
      at: summary.evaluatedAt,
      actor: actorOf(credentials),
      action: 'evaluate.all',
      details: summary,
    });
    return summary;
  }

  async matrix(): Promise<ScorecardMatrix> {
    const { store, tracks } = this.deps;
    const [counts, groups, evaluatedAt] = await Promise.all([
      store.levelCounts(),
      store.groups(),
      store.lastEvaluatedAt(),
    ]);
    return buildMatrix(tracks, counts, groups, evaluatedAt);
  }

  async group(groupRef: string): Promise<GroupScorecard> {
    const scorecard = await groupScorecard(
      this.deps.store,
      this.deps.tracks,
      groupRef,
    );
    if (!scorecard) {
      throw new NotFoundError(`${groupRef} is not a group scorecards know`);
    }
    return scorecard;
  }

  /** A group's (or the organisation's) levels per day over the last days. */
  async trend(query: {
    group?: string;
    track: string;
    days: number;
  }): Promise<GroupTrend> {
    const track = this.deps.tracks.find(t => t.id === query.track);
    if (!track) {
      throw new InputError(
        `Invalid request: track: unknown track '${query.track}'`,
      );
    }
    const since = new Date(Date.now() - (query.days - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const groupRef = query.group ?? ORGANISATION_KEY;
    return {
      groupRef,
      trackId: track.id,
      points: trendPoints(
        track,
        await this.deps.store.daily(groupRef, track.id, since),
      ),
    };
  }

  exportCsv(groupRef: string | undefined): Promise<string> {
    return exportCsv(this.deps.store, this.deps.tracks, groupRef);
  }

  /** The entity's scorecard, exemptions applied as of now. */
  async #scorecardOf(entityRef: string): Promise<EntityScorecard | undefined> {
    const [stored, exemptions] = await Promise.all([
      this.deps.store.entity(entityRef),
      this.deps.store.exemptions([entityRef]),
    ]);
    if (!stored) return undefined;
    return entityScorecard(
      this.deps.tracks,
      entityRef,
      stored,
      exemptions,
      new Date(),
    );
  }
}
