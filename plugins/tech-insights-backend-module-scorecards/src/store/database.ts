import { DatabaseService } from '@backstage/backend-plugin-api';
import { migratedClient as migrated } from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';

/**
 * The tech-insights database, migrated for scorecards. The community
 * backend migrates the same database with knex's default migrations table,
 * so scorecards keep theirs apart.
 */
export function migratedClient(
  database: DatabaseService,
  skipMigrations?: boolean,
): Promise<Knex> {
  return migrated(database, {
    packageName:
      '@internal/backstage-plugin-tech-insights-backend-module-scorecards',
    tableName: 'scorecard_knex_migrations',
    skipMigrations,
  });
}
