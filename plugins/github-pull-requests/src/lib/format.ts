function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `1 repository`, `3 repositories`. */
export function plural(count: number, word: string, words?: string): string {
  return `${count.toLocaleString('en-US')} ${
    count === 1 ? word : words ?? `${word}s`
  }`;
}

/** Local `YYYY-MM-DD HH:mm`, or the input as is when it is no date. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Local `HH:mm` (with the date when it is not today). */
export function formatTimeOfDay(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.toDateString() === new Date(now).toDateString()
    ? time
    : `${formatDateTime(iso).slice(0, 10)} ${time}`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `3 days ago`, `2 hours ago`, `just now`; the input as is when it is no date. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      // Whole units, as GitHub says them: 47 hours is "yesterday", not "2 days".
      return relativeFormat.format(Math.trunc(seconds / size), unit);
    }
  }
  return iso;
}

/**
 * `#rrggbb` for a GitHub label colour (six hex digits), or undefined for
 * anything else, so nothing but a colour ever reaches a style.
 */
export function labelColor(color: unknown): string | undefined {
  return typeof color === 'string' && /^[0-9a-fA-F]{6}$/.test(color)
    ? `#${color.toLowerCase()}`
    : undefined;
}
