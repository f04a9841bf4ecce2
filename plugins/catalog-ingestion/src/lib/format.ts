function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** `12,345` */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

/** `1 page`, `1,298 pages`. */
export function plural(count: number, word: string, words?: string): string {
  return `${formatNumber(count)} ${count === 1 ? word : words ?? `${word}s`}`;
}

/**
 * A time from the backend as an ISO string (UTC). The database answers
 * differently per engine: Postgres sends ISO times, SQLite's defaults are
 * `YYYY-MM-DD HH:mm:ss` in UTC without a zone, and dates stored by the driver
 * may come as epoch milliseconds. Undefined when absent or no time.
 */
export function toIsoTime(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  let date: Date;
  if (typeof value === 'number') {
    date = new Date(value);
  } else if (typeof value === 'string') {
    const zoneless = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
    date = new Date(
      zoneless.test(value) ? `${value.replace(' ', 'T')}Z` : value,
    );
  } else {
    return undefined;
  }
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Local `YYYY-MM-DD HH:mm:ss`, or the input as is when it is no date. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(
    date.getSeconds(),
  )}`;
}

/** Units, smallest first, with how many of them make the next one. */
const STEPS: Array<[Intl.RelativeTimeFormatUnit, number, number]> = [
  ['second', 1, 60],
  ['minute', 60, 60],
  ['hour', 3600, 24],
  ['day', 24 * 3600, 7],
  ['week', 7 * 24 * 3600, 5],
  ['month', 30 * 24 * 3600, 12],
  ['year', 365 * 24 * 3600, Infinity],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `5 minutes ago`, `in 3 hours`, `just now`; the input when it is no date. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) {
    return iso;
  }
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 30) {
    return 'just now';
  }
  // The smallest unit that stays under the next one once rounded: 59.99
  // minutes are "in 1 hour", not "in 60 minutes".
  for (const [unit, size, limit] of STEPS) {
    const value = Math.round(seconds / size);
    if (Math.abs(value) < limit) {
      return relativeFormat.format(value, unit);
    }
  }
  return iso;
}
