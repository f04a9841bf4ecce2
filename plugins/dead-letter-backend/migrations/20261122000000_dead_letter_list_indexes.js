// @ts-check

/**
 * Indexes for listing and searching dead letters at millions of rows.
 *
 * - The owner (squad) and source-queue indexes gain the list order
 *   (captured_at, id), so a filtered page reads its rows in order instead
 *   of sorting every match.
 * - Resolved messages get a partial index on resolved_at for retention.
 * - Every index costs each capture: the message-id index, which no query
 *   uses (search does not compare equality), goes, and the previous-life
 *   index only holds the rows that have one.
 * - On Postgres 14+ built with lz4, bodies, body text and headers are
 *   compressed with lz4 instead of pglz: several times cheaper to compress
 *   and decompress, for a little more space. Rows stored earlier keep
 *   theirs.
 * - On Postgres with pg_trgm, `dead_letter_search` holds one search document
 *   per message (message id, headers and body text) under a trigram GIN
 *   index, for the case-insensitive substring search. Trigram indexing costs
 *   the database several times what storing a message does, so it is not
 *   done in the capture transaction: capture only notes the message in
 *   `dead_letter_search_backlog`, and a background indexer moves it into
 *   `dead_letter_search`. Searches check the backlog's messages directly.
 *   Without the extension (not installed on the server, or not allowed for
 *   this user), and on SQLite, search scans the messages.
 *
 * The indexes are built with plain CREATE INDEX, which blocks writes to the
 * table while it runs: on a large existing table, expect capture to pause.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dead_letter_messages', table => {
    table.dropIndex([], 'dead_letter_messages_owner_idx');
    table.index(
      ['owner_ref', 'environment', 'state', 'captured_at', 'id'],
      'dead_letter_messages_owner_list_idx',
    );
    table.dropIndex([], 'dead_letter_messages_source_queue_idx');
    table.index(
      ['source_queue', 'environment', 'state', 'captured_at', 'id'],
      'dead_letter_messages_source_queue_list_idx',
    );
    table.index(['resolved_at'], 'dead_letter_messages_resolved_idx', {
      predicate: knex.whereNotNull('resolved_at'),
    });
    table.dropIndex([], 'dead_letter_messages_message_id_idx');
    table.dropIndex([], 'dead_letter_messages_previous_message_idx');
    table.index(
      ['previous_message_id'],
      'dead_letter_messages_previous_message_idx',
      { predicate: knex.whereNotNull('previous_message_id') },
    );
  });

  if (isPostgres(knex)) {
    await tryStatement(
      knex,
      `ALTER TABLE dead_letter_messages
         ALTER COLUMN body SET COMPRESSION lz4,
         ALTER COLUMN body_text SET COMPRESSION lz4,
         ALTER COLUMN headers SET COMPRESSION lz4`,
    );
  }

  if (isPostgres(knex) && (await enableTrigrams(knex))) {
    await knex.schema.createTable('dead_letter_search', table => {
      table.comment('Search documents of dead letters (trigram-indexed)');
      table
        .uuid('message_id')
        .primary()
        .references('id')
        .inTable('dead_letter_messages')
        .onDelete('CASCADE');
      table
        .text('document')
        .notNullable()
        .comment('Message id, headers and body text, one per line');
    });
    await knex.raw(
      'CREATE INDEX dead_letter_search_document_trgm_idx ON dead_letter_search USING gin (document gin_trgm_ops)',
    );
    await knex.schema.createTable('dead_letter_search_backlog', table => {
      // No foreign key: capture writes here, and every check costs; the
      // indexer skips ids whose message is gone.
      table.comment('Captured messages not yet in dead_letter_search');
      table.uuid('message_id').primary();
    });
    // A queue: rows come and go all the time. Vacuumed and analysed after
    // every thousand changes, so that it stays small for the searches that
    // scan it and the planner knows its size.
    await knex.raw(
      `ALTER TABLE dead_letter_search_backlog SET (
         autovacuum_vacuum_threshold = 1000,
         autovacuum_vacuum_scale_factor = 0,
         autovacuum_analyze_threshold = 1000,
         autovacuum_analyze_scale_factor = 0)`,
    );
    await knex.raw(
      'INSERT INTO dead_letter_search_backlog (message_id) SELECT id FROM dead_letter_messages',
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('dead_letter_search_backlog');
  await knex.schema.dropTableIfExists('dead_letter_search');
  if (isPostgres(knex)) {
    await tryStatement(
      knex,
      `ALTER TABLE dead_letter_messages
         ALTER COLUMN body SET COMPRESSION default,
         ALTER COLUMN body_text SET COMPRESSION default,
         ALTER COLUMN headers SET COMPRESSION default`,
    );
  }
  await knex.schema.alterTable('dead_letter_messages', table => {
    table.dropIndex([], 'dead_letter_messages_previous_message_idx');
    table.index(
      ['previous_message_id'],
      'dead_letter_messages_previous_message_idx',
    );
    table.index(['message_id'], 'dead_letter_messages_message_id_idx');
    table.dropIndex([], 'dead_letter_messages_resolved_idx');
    table.dropIndex([], 'dead_letter_messages_source_queue_list_idx');
    table.index(['source_queue'], 'dead_letter_messages_source_queue_idx');
    table.dropIndex([], 'dead_letter_messages_owner_list_idx');
    table.index(
      ['owner_ref', 'environment', 'state'],
      'dead_letter_messages_owner_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  const client = String(knex.client.config.client ?? '');
  return client === 'pg' || client.includes('postgres');
}

/**
 * Runs a statement that the server may not support, rolled back to a
 * savepoint when it fails; returns whether it ran.
 *
 * @param {import('knex').Knex} knex
 * @param {string} sql
 */
async function tryStatement(knex, sql) {
  try {
    await knex.transaction(async tx => {
      await tx.raw(sql);
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates pg_trgm when the server has it; false when it cannot be used. A
 * failed CREATE EXTENSION (no permission) is rolled back to a savepoint so
 * that the rest of the migration still applies.
 *
 * @param {import('knex').Knex} knex
 * @returns {Promise<boolean>}
 */
async function enableTrigrams(knex) {
  const available = await knex.raw(
    "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'",
  );
  if (available.rows.length === 0) {
    return false;
  }
  if (!(await tryStatement(knex, 'CREATE EXTENSION IF NOT EXISTS pg_trgm'))) {
    return false;
  }
  // Installed earlier in a schema outside this plugin's search path (schema
  // per plugin), its operator class cannot be named here.
  const visible = await knex.raw(
    "SELECT 1 FROM pg_opclass WHERE opcname = 'gin_trgm_ops' AND pg_opclass_is_visible(oid)",
  );
  return visible.rows.length > 0;
}
