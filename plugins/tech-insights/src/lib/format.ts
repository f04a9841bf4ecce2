function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** `1 component`, `1,298 components`. */
export function plural(count: number, word: string, words?: string): string {
  return `${count.toLocaleString('en-US')} ${
    count === 1 ? word : words ?? `${word}s`
  }`;
}

/** `12,345` */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * `60%`, `33.3%`: to one decimal, as the backend rounds its shares; `—`
 * when not a number.
 */
export function formatPercent(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return `${Math.round(value * 10) / 10}%`;
}

/** Local `YYYY-MM-DD HH:mm`, or the input as is when it is no date. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${formatDate(iso)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Local `YYYY-MM-DD`, or the input as is when it is no date. */
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

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `5 minutes ago`, `yesterday`, `in 3 months`; the input as is when it is no date. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) {
    return iso;
  }
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 45) {
    return 'just now';
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return iso;
}

/** `850 ms`, `4.2 s`, `2m 10s`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) {
    return `${Math.max(0, Math.round(ms))} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${Math.round(seconds * 10) / 10} s`;
  }
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
}

/** `YYYY-MM-DD` of a local date (for `<input type="date">`). */
export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}
