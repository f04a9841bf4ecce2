import type {
  CheckState,
  ScorecardCheck,
  ScorecardTrack,
  TrackRollup,
} from '@internal/backstage-plugin-tech-insights-common';
import { formatPercent } from './format';

/** The name part of an entity ref: `squad-aura` of `group:default/squad-aura`. */
export function refName(ref: string): string {
  const afterKind = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
  return afterKind.includes('/')
    ? afterKind.slice(afterKind.lastIndexOf('/') + 1)
    : afterKind;
}

/** `{ kind, namespace, name }` of a ref, lenient: kind and namespace default. */
export function refParts(
  ref: string,
  defaultKind = 'component',
): { kind: string; namespace: string; name: string } {
  let rest = ref;
  let kind = defaultKind;
  let namespace = 'default';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    kind = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    namespace = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }
  return {
    kind: kind.toLocaleLowerCase('en-US'),
    namespace: namespace.toLocaleLowerCase('en-US'),
    name: rest,
  };
}

/** The catalog page of an entity, `/catalog/default/component/payments-api`. */
export function catalogPath(ref: string, defaultKind = 'component'): string {
  const { kind, namespace, name } = refParts(ref, defaultKind);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(name)}`;
}

/** The name of a track's level, e.g. `Silver`. */
export function levelName(
  track: ScorecardTrack | undefined,
  level: number,
): string | undefined {
  return track?.levels.find(l => l.level === level)?.name;
}

/** `Level 2 of 3 · Silver`; `Level 0 of 3 · Not certified`. */
export function levelText(
  track: ScorecardTrack | undefined,
  level: number,
  maxLevel: number,
): string {
  const name = level > 0 ? levelName(track, level) : 'Not certified';
  return `Level ${level} of ${maxLevel}${name ? ` · ${name}` : ''}`;
}

/** `L2 · Silver`, `L0` (no level reached). */
export function shortLevel(
  track: ScorecardTrack | undefined,
  level: number,
): string {
  const name = level > 0 ? levelName(track, level) : undefined;
  return name ? `L${level} · ${name}` : `L${level}`;
}

/** Levels of a track in order. */
export function sortedLevels(track: ScorecardTrack) {
  return [...track.levels].sort((a, b) => a.level - b.level);
}

export type CheckInfo = {
  check: ScorecardCheck;
  track: ScorecardTrack;
  level: number;
};

/** Every check of the tracks by id (within a track, or across all of them). */
export function indexChecks(tracks: ScorecardTrack[]): Map<
  string,
  CheckInfo
> & {
  inTrack(trackId: string, checkId: string): CheckInfo | undefined;
} {
  const all = new Map<string, CheckInfo>();
  const byTrack = new Map<string, CheckInfo>();
  for (const track of tracks) {
    for (const level of track.levels) {
      for (const check of level.checks) {
        const info = { check, track, level: level.level };
        if (!all.has(check.id)) all.set(check.id, info);
        byTrack.set(`${track.id}\u0000${check.id}`, info);
      }
    }
  }
  return Object.assign(all, {
    inTrack: (trackId: string, checkId: string) =>
      byTrack.get(`${trackId}\u0000${checkId}`) ?? all.get(checkId),
  });
}

/** How a percentage certified reads: good ≥ 80, fair ≥ 50, else low. */
export type PercentTone = 'good' | 'fair' | 'low' | 'none';

export function percentTone(
  percent: number | undefined,
  components = 1,
): PercentTone {
  if (components === 0 || percent === undefined || Number.isNaN(percent)) {
    return 'none';
  }
  if (percent >= 80) return 'good';
  if (percent >= 50) return 'fair';
  return 'low';
}

/** `L1 60% · L2 20% · L3 0%` (percentage at that level or higher). */
export function levelBreakdown(rollup: TrackRollup): string {
  return rollup.certifiedPercent
    .map((percent, index) => `L${index + 1} ${formatPercent(percent)}`)
    .join(' · ');
}

/** Checks needing attention first, then by name. */
export const CHECK_STATE_ORDER: Record<CheckState, number> = {
  failed: 0,
  unknown: 1,
  exempt: 2,
  passed: 3,
};

/** What is wrong with an exemption request, per field; empty when fine. */
export type ExemptionFormErrors = {
  justification?: string;
  expiresOn?: string;
};

export const MIN_JUSTIFICATION = 10;
/** An exemption lasts at most a year. */
export const MAX_EXEMPTION_DAYS = 365;

/**
 * Checks the exemption form: a justification of at least 10 characters and
 * an expiry date (`YYYY-MM-DD`) after today and at most 365 days ahead.
 */
export function validateExemption(
  input: { justification: string; expiresOn: string },
  now: Date = new Date(),
): ExemptionFormErrors {
  const errors: ExemptionFormErrors = {};
  const justification = input.justification.trim();
  if (!justification) {
    errors.justification = 'A justification is required';
  } else if (justification.length < MIN_JUSTIFICATION) {
    errors.justification = `The justification must be at least ${MIN_JUSTIFICATION} characters long`;
  }
  const expiry = parseDateInput(input.expiresOn);
  if (!input.expiresOn) {
    errors.expiresOn = 'An expiry date is required';
  } else if (!expiry) {
    errors.expiresOn = 'Enter the expiry date as YYYY-MM-DD';
  } else {
    const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    const yearAhead = new Date(today);
    yearAhead.setDate(yearAhead.getDate() + MAX_EXEMPTION_DAYS);
    if (expiry.getTime() <= today.getTime()) {
      errors.expiresOn = 'The expiry date must be in the future';
    } else if (expiry.getTime() > yearAhead.getTime()) {
      errors.expiresOn = 'The expiry date must be at most one year ahead';
    }
  }
  return errors;
}

/** The local midnight of `YYYY-MM-DD`, or undefined. */
export function parseDateInput(value: string): Date | undefined {
  const match = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!match) {
    return undefined;
  }
  const date = new Date(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
  );
  return date.getMonth() === Number(match[2]) - 1 ? date : undefined;
}

/**
 * The ISO instant an exemption expiring on `YYYY-MM-DD` ends: the start of
 * that day in the user's time zone (so a year ahead stays within a year).
 */
export function expiryInstant(expiresOn: string): string {
  const date = parseDateInput(expiresOn);
  if (!date) {
    throw new Error(`Not a date: ${expiresOn}`);
  }
  return date.toISOString();
}

/** The latest expiry date the form accepts, `YYYY-MM-DD`-able. */
export function latestExpiry(now: Date = new Date()): Date {
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  date.setDate(date.getDate() + MAX_EXEMPTION_DAYS);
  return date;
}
