import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/**
 * The tech-insights database, migrated for scorecards. The community
 * backend migrates the same database with knex's default migrations table,
 * so scorecards keep theirs apart.
 */
export async function migratedClient(
  database: DatabaseService,
  skipMigrations?: boolean,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!skipMigrations && !database.migrations?.skip) {
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/backstage-plugin-tech-insights-backend-module-scorecards',
        'migrations',
      ),
      tableName: 'scorecard_knex_migrations',
    });
  }
  return knex;
}

export function isPostgres(knex: Knex): boolean {
  const client = String(knex.client.config.client ?? '');
  return client === 'pg' || client.includes('postgres');
}

export type DbTime = Date | string | number;

/** Dates come back as Date (pg), or as numbers / strings (SQLite). */
export function toDate(value: DbTime): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const numeric = Number(value);
  return Number.isFinite(numeric) && value.trim() !== ''
    ? new Date(numeric)
    : new Date(value);
}

export function toIso(value: DbTime): string {
  return toDate(value).toISOString();
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Splits rows into chunks that stay under SQLite's bound-parameter limit. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
