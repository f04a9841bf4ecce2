import {
  formatDate,
  formatRelative as formatRelativeTime,
} from '@internal/backstage-plugin-portal-react';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Local `HH:mm` (with the date when it is not today). */
export function formatTimeOfDay(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.toDateString() === new Date(now).toDateString()
    ? time
    : `${formatDate(iso)} ${time}`;
}

/**
 * `3 days ago`, `2 hours ago`, `just now` in whole units, as GitHub says
 * them: 47 hours is "yesterday", not "2 days".
 */
export function formatRelative(iso: string, now: number = Date.now()): string {
  return formatRelativeTime(iso, now, { whole: true });
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
