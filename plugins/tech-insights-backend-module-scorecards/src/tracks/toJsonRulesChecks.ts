import { TechInsightJsonRuleCheck } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { ScorecardTrack } from '@internal/backstage-plugin-tech-insights-common';
import { allChecks } from './readTracks';

/**
 * The tracks' checks for the json-rules-engine fact checker: the same
 * rules, so the community /checks/run endpoints agree with scorecards.
 */
export function toJsonRulesChecks(
  tracks: ScorecardTrack[],
): TechInsightJsonRuleCheck[] {
  return allChecks(tracks).map(({ track, level, check }) => ({
    id: check.id,
    type: 'json-rules-engine',
    name: check.name,
    description: check.description,
    factIds: check.factIds,
    metadata: {
      track: track.id,
      level,
      remediation: check.remediation,
      ...(check.link ? { links: [{ title: 'Guide', url: check.link }] } : {}),
    },
    rule: {
      conditions:
        'all' in check.rule || 'any' in check.rule
          ? (check.rule as any)
          : { all: [check.rule as any] },
    },
  }));
}
