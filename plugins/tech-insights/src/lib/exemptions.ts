import type {
  EntityScorecard,
  Exemption,
} from '@internal/backstage-plugin-tech-insights-common';

/** Whether an exemption holds now (not revoked, not expired). */
export function isActiveExemption(
  exemption: Exemption,
  now: number = Date.now(),
): boolean {
  return !exemption.revokedAt && new Date(exemption.expiresAt).getTime() > now;
}

/**
 * The exemption that holds for a check now: the one its result carries,
 * else one of the component's listed exemptions.
 */
export function activeExemptionOf(
  checkId: string,
  scorecard: Pick<EntityScorecard, 'tracks'> | undefined,
  exemptions: Exemption[],
  now: number = Date.now(),
): Exemption | undefined {
  const result = scorecard?.tracks
    .flatMap(t => t.checks)
    .find(c => c.checkId === checkId);
  if (result?.exemption && isActiveExemption(result.exemption, now)) {
    return result.exemption;
  }
  return exemptions.find(
    e => e.checkId === checkId && isActiveExemption(e, now),
  );
}
