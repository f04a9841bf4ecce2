import { DatabaseService } from '@backstage/backend-plugin-api';
import { migratedClient as migrated } from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';

/** The plugin's client, migrated to the latest schema unless told not to. */
export function migratedClient(
  database: DatabaseService,
  skipMigrations?: boolean,
): Promise<Knex> {
  return migrated(database, {
    packageName: '@internal/backstage-plugin-reconstitution-backend',
    skipMigrations,
  });
}
