import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** The plugin's client, migrated to the latest schema unless told not to. */
export async function migratedClient(
  database: DatabaseService,
  skipMigrations?: boolean,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!skipMigrations && !database.migrations?.skip) {
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/backstage-plugin-reconstitution-backend',
        'migrations',
      ),
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

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
