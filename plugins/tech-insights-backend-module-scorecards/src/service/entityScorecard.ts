import {
  CheckResult,
  EntityScorecard,
  Exemption,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import {
  effectiveState,
  isExemptionActive,
  levelOf,
} from '../evaluation/levels';
import { EntityResults } from '../store/scorecardReads';

/**
 * The entity's scorecard as of `now`: stored results with the exemptions
 * in force applied, levels recomputed from the effective states.
 */
export function entityScorecard(
  tracks: ScorecardTrack[],
  entityRef: string,
  stored: EntityResults,
  exemptions: Exemption[],
  now: Date,
): EntityScorecard {
  const active = new Map<string, Exemption>();
  for (const exemption of exemptions) {
    if (isExemptionActive(exemption, now)) {
      active.set(exemption.checkId, exemption);
    }
  }
  const byCheck = new Map(stored.results.map(r => [r.checkId, r]));
  const trackResults = tracks
    .filter(track => stored.levels[track.id] !== undefined)
    .map(track => {
      const checks: CheckResult[] = [];
      const states = new Map<string, CheckResult['state']>();
      for (const level of track.levels) {
        for (const check of level.checks) {
          const result = byCheck.get(check.id);
          const exemption = active.get(check.id);
          const state = result
            ? effectiveState(result.rawState, exemption, now)
            : 'unknown';
          states.set(check.id, state);
          checks.push({
            checkId: check.id,
            state,
            ...(result?.reason && state !== 'passed'
              ? { reason: result.reason }
              : {}),
            facts: result?.facts ?? {},
            since:
              result?.since ?? stored.entity.evaluatedAt ?? now.toISOString(),
            ...(exemption && state === 'exempt' ? { exemption } : {}),
          });
        }
      }
      return {
        trackId: track.id,
        level: levelOf(track, id => states.get(id)),
        maxLevel: track.levels.length,
        checks,
      };
    });
  return {
    entityRef,
    ...(stored.entity.ownerRef ? { ownerRef: stored.entity.ownerRef } : {}),
    ...(stored.entity.evaluatedAt
      ? { evaluatedAt: stored.entity.evaluatedAt }
      : {}),
    tracks: trackResults,
  };
}
