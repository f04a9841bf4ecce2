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
