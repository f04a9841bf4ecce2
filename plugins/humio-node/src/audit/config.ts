import type { AuditorServiceEventSeverityLevel } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A duration as config and the scheduler take it (`@backstage/types`). */
export type HumanDuration = ReturnType<typeof readDurationFromConfig>;

export const SEVERITY_LEVELS: ReadonlyArray<AuditorServiceEventSeverityLevel> =
  ['low', 'medium', 'high', 'critical'];

/** Settings of the audit trail, from `humio.*`. */
export type HumioAuditSettings = {
  /** Both set, or shipping is off and events wait in the outbox. */
  shipping?: { baseUrl: string; ingestToken: string };
  minSeverity: AuditorServiceEventSeverityLevel;
  /** `eventId` or `pluginId.eventId`. */
  eventIds: string[];
  shipInterval: HumanDuration;
  batchSize: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  retentionDays: number;
  failClosed: boolean;
};

export function readHumioAuditSettings(config: Config): HumioAuditSettings {
  const baseUrl = config.getOptionalString('humio.baseUrl');
  const audit = config.getOptionalConfig('humio.audit');
  const ingestToken = audit?.getOptionalString('ingestToken');

  const minSeverity = (audit?.getOptionalString('minSeverity') ??
    'medium') as AuditorServiceEventSeverityLevel;
  if (!SEVERITY_LEVELS.includes(minSeverity)) {
    throw new InputError(
      `humio.audit.minSeverity: '${minSeverity}' is not one of ${SEVERITY_LEVELS.join(
        ', ',
      )}`,
    );
  }
  if (baseUrl !== undefined && !/^https?:\/\//.test(baseUrl)) {
    throw new InputError(`humio.baseUrl: must be an http(s) URL`);
  }

  const duration = (key: string, fallback: HumanDuration) =>
    audit?.has(key) ? readDurationFromConfig(audit, { key }) : fallback;
  const shipInterval = duration('shipInterval', { seconds: 5 });
  const initialBackoffMs = toMilliseconds(
    duration('initialBackoff', { seconds: 5 }),
  );
  const maxBackoffMs = toMilliseconds(duration('maxBackoff', { minutes: 5 }));
  if (!(toMilliseconds(shipInterval) > 0)) {
    throw new InputError('humio.audit.shipInterval: must be positive');
  }
  if (!(initialBackoffMs > 0) || !(maxBackoffMs >= initialBackoffMs)) {
    throw new InputError(
      'humio.audit.initialBackoff must be positive and at most humio.audit.maxBackoff',
    );
  }

  const batchSize = audit?.getOptionalNumber('batchSize') ?? 200;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
    throw new InputError('humio.audit.batchSize: must be from 1 to 5000');
  }
  const retentionDays = audit?.getOptionalNumber('retentionDays') ?? 7;
  if (!(retentionDays > 0)) {
    throw new InputError('humio.audit.retentionDays: must be positive');
  }

  return {
    shipping:
      baseUrl && ingestToken
        ? { baseUrl: baseUrl.replace(/\/+$/, ''), ingestToken }
        : undefined,
    minSeverity,
    eventIds: audit?.getOptionalStringArray('eventIds') ?? [],
    shipInterval,
    batchSize,
    initialBackoffMs,
    maxBackoffMs,
    retentionDays,
    failClosed: audit?.getOptionalBoolean('failClosed') ?? false,
  };
}

/** Whether an event goes to the outbox. */
export function isAudited(
  settings: Pick<HumioAuditSettings, 'minSeverity' | 'eventIds'>,
  event: {
    plugin: string;
    eventId: string;
    severityLevel: AuditorServiceEventSeverityLevel;
  },
): boolean {
  return (
    SEVERITY_LEVELS.indexOf(event.severityLevel) >=
      SEVERITY_LEVELS.indexOf(settings.minSeverity) ||
    settings.eventIds.includes(event.eventId) ||
    settings.eventIds.includes(`${event.plugin}.${event.eventId}`)
  );
}

const MS_PER_UNIT: Record<keyof HumanDuration, number> = {
  years: 365 * 24 * 3600_000,
  months: 30 * 24 * 3600_000,
  weeks: 7 * 24 * 3600_000,
  days: 24 * 3600_000,
  hours: 3600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

export function toMilliseconds(duration: HumanDuration): number {
  return Object.entries(duration).reduce(
    (sum, [unit, value]) =>
      sum + (MS_PER_UNIT[unit as keyof HumanDuration] ?? 0) * (value ?? 0),
    0,
  );
}
