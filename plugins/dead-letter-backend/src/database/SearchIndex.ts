import { Knex } from 'knex';
import { Dialect } from './dialect';
import { MESSAGES, SEARCH, SEARCH_BACKLOG } from './tables';

/**
 * The text search index (Postgres with pg_trgm): captured messages wait in
 * a backlog until they are indexed; `MessageQueries.list` searches both.
 */
export class SearchIndex {
  /** Whether text search has a trigram index to use (Postgres with pg_trgm). */
  readonly searchIndexed: boolean;

  constructor(private readonly knex: Knex, dialect: Dialect) {
    this.searchIndexed = dialect.searchIndexed;
  }

  /**
   * Moves up to `limit` messages from the search backlog into the search
   * index and returns how many it took from the backlog (0 without a search
   * index). Concurrent callers take different messages.
   */
  async indexSearchBacklog(limit: number): Promise<number> {
    if (!this.searchIndexed) {
      return 0;
    }
    const result = await this.knex.raw(
      `WITH taken AS (
         DELETE FROM ?? WHERE message_id IN (
           SELECT message_id FROM ?? LIMIT ? FOR UPDATE SKIP LOCKED)
         RETURNING message_id),
       indexed AS (
         INSERT INTO ?? (message_id, document)
         SELECT m.id, lower(concat_ws(E'\\n', m.message_id, m.headers, m.body_text))
         FROM taken JOIN ?? m ON m.id = taken.message_id
         ON CONFLICT (message_id) DO NOTHING)
       SELECT count(*) AS taken FROM taken`,
      [SEARCH_BACKLOG, SEARCH_BACKLOG, limit, SEARCH, MESSAGES],
    );
    return Number(result.rows[0].taken);
  }

  /** Messages waiting to be indexed for search (0 without a search index). */
  async searchBacklog(): Promise<number> {
    if (!this.searchIndexed) {
      return 0;
    }
    const [{ count }] = await this.knex(SEARCH_BACKLOG).count<
      Array<{ count: number | string }>
    >('* as count');
    return Number(count);
  }
}
