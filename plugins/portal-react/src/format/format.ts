function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `12,345` @public */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

/** `1 event`, `1,298 events`, `3 repositories`. @public */
export function plural(count: number, word: string, words?: string): string {
  return `${formatNumber(count)} ${count === 1 ? word : words ?? `${word}s`}`;
}

/** Local `YYYY-MM-DD`, or the input as is when it is no date. @public */
export function formatDate(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}

/**
 * Local `YYYY-MM-DD HH:mm:ss` (`HH:mm` with `{ seconds: false }`), or the
 * input as is when it is no date.
 *
 * @public
 */
export function formatDateTime(
  iso: string | undefined,
  options: { seconds?: boolean } = {},
): string {
  const date = new Date(iso ?? '');
  if (!iso || Number.isNaN(date.getTime())) {
    return iso ?? '';
  }
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return `${formatDate(iso)} ${time}${
    options.seconds === false ? '' : `:${pad(date.getSeconds())}`
  }`;
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

/**
 * `5 minutes ago`, `in 3 hours`, `yesterday`, `just now`; the input as is
 * when it is no date. `{ whole: true }` counts whole units only, as GitHub
 * says them: 47 hours ago is "yesterday", not "2 days ago".
 *
 * @public
 */
export function formatRelative(
  iso: string,
  now: number = Date.now(),
  options: { whole?: boolean } = {},
): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) {
    return iso;
  }
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 45) {
    return 'just now';
  }
  const count = options.whole ? Math.trunc : Math.round;
  // The smallest unit that stays under the next one once counted: 59.9
  // minutes are "in 1 hour", not "in 60 minutes".
  for (const [unit, size, limit] of STEPS) {
    const value = count(seconds / size);
    if (Math.abs(value) < limit) {
      return relativeFormat.format(value, unit);
    }
  }
  return iso;
}

/**
 * `45s`, `2m 10s`, `3h 05m`, `2d 4h`. With `{ subSecond: true }` durations
 * under a minute keep their tenths (`4.2 s`) and under a second are in
 * milliseconds (`850 ms`).
 *
 * @public
 */
export function formatDuration(
  totalSeconds: number,
  options: { subSecond?: boolean } = {},
): string {
  if (options.subSecond && totalSeconds < 1) {
    return `${Math.max(0, Math.round(totalSeconds * 1000))} ms`;
  }
  if (options.subSecond && totalSeconds < 60) {
    return `${Math.round(totalSeconds * 10) / 10} s`;
  }
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${pad(seconds % 60)}s`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours}h ${pad(minutes % 60)}m`;
  }
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `2024-05-01T10:00` for a `datetime-local` input, in local time. @public */
export function toDateTimeLocal(iso: string | undefined): string {
  const date = new Date(iso ?? '');
  if (!iso || Number.isNaN(date.getTime())) {
    return '';
  }
  return `${formatDate(iso)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The ISO date-time (UTC) of a `datetime-local` input's value, which is in
 * the browser's time zone; undefined when empty or no date.
 *
 * @public
 */
export function fromDateTimeLocal(value: string): string | undefined {
  if (!value) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
