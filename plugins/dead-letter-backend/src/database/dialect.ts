import { isPostgres as isPostgresClient } from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';
import { SEARCH, SEARCH_BACKLOG } from './tables';

/** What the stores need to know of the database they run on. */
export type Dialect = {
  isPostgres: boolean;
  /** Whether text search has a trigram index to use (Postgres with pg_trgm). */
  searchIndexed: boolean;
  /** Postgres decoding bytes as UTF-8 gives the text JavaScript does. */
  utf8Database: boolean;
};

/** Asks the database; run after the migrations, which create the search tables. */
export async function detectDialect(knex: Knex): Promise<Dialect> {
  const isPostgres = isPostgresClient(knex);
  const searchIndexed =
    isPostgres &&
    (await knex.schema.hasTable(SEARCH)) &&
    (await knex.schema.hasTable(SEARCH_BACKLOG));
  const utf8Database =
    isPostgres &&
    (await knex.raw('SHOW server_encoding')).rows[0]?.server_encoding ===
      'UTF8';
  return { isPostgres, searchIndexed, utf8Database };
}
