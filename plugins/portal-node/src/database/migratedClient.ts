import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * The plugin's database client, migrated to the latest schema of the
 * `migrations` folder of `packageName` unless the caller or the backend
 * says to skip. A plugin sharing its database with another (a module of
 * tech-insights) names its own `tableName`, so the two migration histories
 * stay apart.
 */
export async function migratedClient(
  database: DatabaseService,
  options: {
    packageName: string;
    tableName?: string;
    skipMigrations?: boolean;
  },
): Promise<Knex> {
  const knex = await database.getClient();
  if (!options.skipMigrations && !database.migrations?.skip) {
    await knex.migrate.latest({
      directory: resolvePackagePath(options.packageName, 'migrations'),
      ...(options.tableName ? { tableName: options.tableName } : {}),
    });
  }
  return knex;
}
