import { formatDate } from '@internal/backstage-plugin-portal-react';

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

/** `YYYY-MM-DD` of a local date (for `<input type="date">`). */
export function toDateInput(date: Date): string {
  return formatDate(date.toISOString());
}
