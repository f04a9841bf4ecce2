import { badRequest } from '../http/errors';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** LogScale's relative time units (days 24h, months 30d, quarters 90d, years 365d). */
const UNITS: Array<[RegExp, number]> = [
  [/^(milliseconds?|millis|ms)$/, 1],
  [/^(seconds?|s|secs?)$/, SECOND],
  [/^(minutes?|m|min)$/, MINUTE],
  [/^(hours?|h|hr|hrs)$/, HOUR],
  [/^(days?|d)$/, DAY],
  [/^(weeks?|w)$/, 7 * DAY],
  [/^(months?|mon)$/, 30 * DAY],
  [/^(quarters?|q|qtrs?)$/, 90 * DAY],
  [/^(years?|y|yrs?)$/, 365 * DAY],
];

/** Milliseconds in a relative time such as "15m", "24hours", "7 days"; undefined if not one. */
export function relativeMs(text: string): number | undefined {
  const m = /^(\d+) ?([a-z]+)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const found = UNITS.find(([re]) => re.test(unit));
  return found ? Number(m[1]) * found[1] : undefined;
}

/**
 * A query's `start` or `end`: milliseconds since the epoch (a number), a
 * relative time before now (a string such as "24h"), or "now". Omitted,
 * start is "24hours" and end is "now", as in Humio.
 */
export function resolveTime(
  value: unknown,
  which: 'start' | 'end',
  now: number,
): number {
  if (value === undefined || value === null) {
    return which === 'start' ? now - DAY : now;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    if (value.trim().toLowerCase() === 'now') return now;
    const ms = relativeMs(value);
    if (ms !== undefined) return now - ms;
  }
  throw badRequest(
    `Invalid ${which} ${JSON.stringify(
      value,
    )}: use milliseconds since the epoch, "now", or a relative time such as "15m", "24hours" or "7d"`,
  );
}

export function resolveRange(
  input: { start?: unknown; end?: unknown },
  now: number,
): { start: number; end: number } {
  const start = resolveTime(input.start, 'start', now);
  const end = resolveTime(input.end, 'end', now);
  if (start > end) {
    throw badRequest(
      `The query's start (${new Date(
        start,
      ).toISOString()}) is after its end (${new Date(end).toISOString()})`,
    );
  }
  return { start, end };
}
