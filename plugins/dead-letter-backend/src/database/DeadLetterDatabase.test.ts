import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createDatabase, TABLE } from './__testUtils__/messages';
import { DeadLetterDatabase } from './DeadLetterDatabase';

jest.setTimeout(120_000);

describe('DeadLetterDatabase', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe('migrations', () => {
    it.each(databases.eachSupportedId())(
      'creates the messages table and rolls back on %s',
      async databaseId => {
        const { knex } = await createDatabase(databases, databaseId);
        expect(await knex.schema.hasTable(TABLE)).toBe(true);
        for (const column of [
          'id',
          'body',
          'body_text',
          'content_hash',
          'group_fingerprint',
          'previous_message_id',
          'resolved_at',
          'state_changed_at',
        ]) {
          expect(await knex.schema.hasColumn(TABLE, column)).toBe(true);
        }

        // Running again is a no-op.
        await DeadLetterDatabase.create({
          database: mockServices.database({ knex }),
        });

        await knex.migrate.rollback(
          {
            directory: resolvePackagePath(
              '@internal/backstage-plugin-dead-letter-backend',
              'migrations',
            ),
          },
          true,
        );
        expect(await knex.schema.hasTable(TABLE)).toBe(false);
      },
    );

    it.each(databases.eachSupportedId())(
      'skips migrations when the database service says so on %s',
      async databaseId => {
        const knex = await databases.init(databaseId);
        await DeadLetterDatabase.create({
          database: mockServices.database({
            knex,
            migrations: { skip: true },
          }),
        });
        expect(await knex.schema.hasTable(TABLE)).toBe(false);
        await DeadLetterDatabase.create({
          database: mockServices.database({ knex }),
          skipMigrations: true,
        });
        expect(await knex.schema.hasTable(TABLE)).toBe(false);
      },
    );
  });
});
