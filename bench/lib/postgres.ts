/*
 * Postgres for benches: their own databases, the database service the
 * plugins' stores take, and where SQL time goes (per statement, plans).
 */
import { performance } from 'node:perf_hooks';
import knexFactory, { Knex } from 'knex';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { progress } from './results';

export const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

export function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The connection string of `database` on the bench's server. */
export function databaseUrl(database: string) {
  return `${POSTGRES_URL.replace(/\/$/, '')}/${database}`;
}

export function connectTo(database: string, poolMax = 10): Knex {
  return knexFactory({
    client: 'pg',
    connection: databaseUrl(database),
    pool: { min: 0, max: poolMax },
  });
}

async function withAdmin<T>(fn: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = connectTo('postgres', 1);
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

/** A new, empty database (dropped first if it exists), and a client of it. */
export async function recreateDatabase(database: string): Promise<Knex> {
  progress(`recreating database ${database}`);
  await dropDatabase(database);
  await withAdmin(admin =>
    admin.raw(`CREATE DATABASE ${quoteIdent(database)}`),
  );
  return connectTo(database);
}

export async function dropDatabase(database: string) {
  await withAdmin(admin =>
    admin.raw(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
  );
}

export async function databaseExists(database: string): Promise<boolean> {
  return withAdmin(async admin => {
    const { rows } = await admin.raw(
      'SELECT 1 FROM pg_database WHERE datname = ?',
      [database],
    );
    return rows.length > 0;
  });
}

/** What a plugin's store takes, on `knex`. */
export function databaseService(
  knex: Knex,
  skipMigrations = false,
): DatabaseService {
  return {
    getClient: async () => knex,
    migrations: { skip: skipMigrations },
  } as DatabaseService;
}

// --- where time goes ---------------------------------------------------------

export type QueryProfile = Map<string, { count: number; ms: number }>;

/** Time per kind of statement, from knex's query events. */
export function profileQueries(knex: Knex) {
  const profile: QueryProfile = new Map();
  const started = new Map<string, { label: string; at: number }>();
  const label = (sql: string) =>
    sql
      .replace(/\s+/g, ' ')
      .replace(/\(\$?\?.*$|values .*$| where .*$/i, '')
      .slice(0, 60);
  const onQuery = (data: { __knexQueryUid: string; sql: string }) => {
    started.set(data.__knexQueryUid, {
      label: label(data.sql),
      at: performance.now(),
    });
  };
  const onEnd = (_: unknown, data: { __knexQueryUid: string }) => {
    const start = started.get(data.__knexQueryUid);
    if (!start) return;
    started.delete(data.__knexQueryUid);
    const entry = profile.get(start.label) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += performance.now() - start.at;
    profile.set(start.label, entry);
  };
  knex.on('query', onQuery);
  knex.on('query-response', onEnd);
  knex.on('query-error', onEnd);
  return {
    stop(): QueryProfile {
      knex.removeListener('query', onQuery);
      knex.removeListener('query-response', onEnd);
      knex.removeListener('query-error', onEnd);
      return profile;
    },
  };
}

/** The six statements that took longest, on stderr. */
export function printProfile(profile: QueryProfile) {
  const entries = [...profile.entries()].sort((a, b) => b[1].ms - a[1].ms);
  for (const [statement, { count, ms }] of entries.slice(0, 6)) {
    progress(
      `    ${(ms / 1000).toFixed(1).padStart(6)} s in ${String(count).padStart(
        6,
      )} x ${statement} (${(ms / count).toFixed(2)} ms each)`,
    );
  }
}

/** Prints EXPLAIN (ANALYZE, BUFFERS) of each statement `run` sends. */
export async function explain(knex: Knex, run: () => Promise<unknown>) {
  const statements: Array<{ sql: string; bindings: readonly unknown[] }> = [];
  const listener = (data: { sql: string; bindings?: readonly unknown[] }) =>
    statements.push({ sql: data.sql, bindings: data.bindings ?? [] });
  knex.on('query', listener);
  try {
    await run();
  } finally {
    knex.removeListener('query', listener);
  }
  // The statements are in pg's own form ($1, …): sent on a pg connection.
  const connection = await knex.client.acquireConnection();
  try {
    for (const statement of statements) {
      const { rows } = await connection.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.bindings,
      );
      const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']);
      process.stderr.write(
        `${statement.sql.slice(0, 300)}\n  ${plan.join('\n  ')}\n`,
      );
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}
