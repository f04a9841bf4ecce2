import {
  CheckState,
  Exemption,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';

/** A check's outcome as evaluated, before exemptions. */
export type RawState = 'passed' | 'failed' | 'unknown';

export function isExemptionActive(exemption: Exemption, now: Date): boolean {
  return !exemption.revokedAt && new Date(exemption.expiresAt) > now;
}

/**
 * A failing or unknown check under an active exemption counts as passing;
 * an exemption of a passing check changes nothing.
 */
export function effectiveState(
  raw: RawState,
  exemption: Exemption | undefined,
  now: Date,
): CheckState {
  if (raw === 'passed') return 'passed';
  if (exemption && isExemptionActive(exemption, now)) return 'exempt';
  return raw;
}

export function passes(state: CheckState | undefined): boolean {
  return state === 'passed' || state === 'exempt';
}

/**
 * The level a component holds on a track: the highest N such that every
 * check at N and below passes (or is exempt). A check without a result
 * does not pass.
 */
export function levelOf(
  track: ScorecardTrack,
  stateOf: (checkId: string) => CheckState | undefined,
): number {
  let level = 0;
  for (const trackLevel of track.levels) {
    if (!trackLevel.checks.every(check => passes(stateOf(check.id)))) break;
    level = trackLevel.level;
  }
  return level;
}

/** Whether a track applies to an entity of this kind and spec.type. */
export function appliesTo(
  track: ScorecardTrack,
  kind: string,
  type: string | undefined,
): boolean {
  const kinds = track.appliesTo.kinds.map(k => k.toLocaleLowerCase('en-US'));
  if (!kinds.includes(kind.toLocaleLowerCase('en-US'))) return false;
  if (!track.appliesTo.types?.length) return true;
  return type !== undefined && track.appliesTo.types.includes(type);
}
