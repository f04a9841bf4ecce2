import type { Knex } from 'knex';

/** Whether the client is Postgres (as opposed to the SQLite of tests and local runs). */
export function isPostgres(knex: Knex): boolean {
  const client = String(knex.client.config.client ?? '');
  return client === 'pg' || client.includes('postgres');
}

/** A timestamp as the drivers return it: Date (pg), epoch ms (SQLite), or text. */
export type DbTime = Date | number | string;

/** A timestamp column as a Date, whichever form the driver returned. */
export function toDate(value: DbTime): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  const numeric = Number(value);
  if (value.trim() !== '' && Number.isFinite(numeric)) {
    return new Date(numeric);
  }
  // SQLite's CURRENT_TIMESTAMP format is UTC without a zone designator.
  return new Date(
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
      ? `${value.replace(' ', 'T')}Z`
      : value,
  );
}

export function toIso(value: DbTime): string {
  return toDate(value).toISOString();
}

/** The parsed JSON column, or `fallback` when it is empty or not JSON. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) {
    return fallback;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** `items` in runs of at most `size`: one statement each stays under SQLite's bound-parameter limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
