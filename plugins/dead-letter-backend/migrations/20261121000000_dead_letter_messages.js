// @ts-check

/**
 * Creates `dead_letter_messages`: one row per dead-lettered message captured
 * from a dead-letter queue. Replay jobs and the audit log come in later
 * migrations.
 *
 * Strings that hold JSON (routing keys, headers, properties, death history)
 * are text rather than json/jsonb so the same schema works on SQLite.
 * Timestamps are written from JS Dates (millisecond precision); on SQLite
 * knex stores them as epoch milliseconds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dead_letter_messages', table => {
    table.comment('Dead-lettered messages captured from dead-letter queues');
    table.uuid('id').primary().notNullable().comment('Generated in code');
    table.string('environment').notNullable();
    table
      .text('dead_letter_queue')
      .notNullable()
      .comment('The queue the message was captured from');
    table
      .text('source_queue')
      .notNullable()
      .comment('The queue the message first died in');
    table.text('reason').notNullable();
    table
      .text('original_exchange')
      .notNullable()
      .comment("'' is the default exchange");
    table
      .text('original_routing_keys')
      .notNullable()
      .comment('JSON array of strings');
    table.text('message_id').nullable();
    table.text('message_type').nullable();
    table.text('exception_type').nullable();
    table.text('content_type').nullable();
    table.text('content_encoding').nullable();
    table.binary('body').notNullable().comment('The exact body bytes');
    table.integer('body_size').notNullable();
    table
      .string('body_encoding', 16)
      .notNullable()
      .comment('json, text or binary');
    table
      .text('body_text')
      .nullable()
      .comment('UTF-8 body text for search, at most 64 KiB');
    table.text('headers').notNullable().comment('JSON object');
    table
      .text('properties')
      .notNullable()
      .comment('JSON object of the AMQP properties except headers');
    table
      .text('death_history')
      .notNullable()
      .comment('JSON array of x-death entries');
    table.timestamp('first_death_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('last_death_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('captured_at', { useTz: true, precision: 3 }).notNullable();
    table
      .string('content_hash', 64)
      .notNullable()
      .comment('sha256 hex; the same for a broker redelivery');
    table
      .string('group_fingerprint', 64)
      .notNullable()
      .comment('sha256 hex of environment, source queue, reason and types');
    table.string('state', 32).notNullable().defaultTo('unresolved');
    table
      .timestamp('state_changed_at', { useTz: true, precision: 3 })
      .notNullable();
    table.text('component_ref').nullable();
    table
      .text('owner_ref')
      .nullable()
      .comment('Owner of the source queue; null means unowned');
    table.integer('replay_count').notNullable().defaultTo(0);
    table.text('replay_job_id').nullable();
    table
      .uuid('previous_message_id')
      .nullable()
      .comment('The earlier life of this message, when it died again');
    table.timestamp('resolved_at', { useTz: true, precision: 3 }).nullable();

    table.index(
      ['environment', 'state', 'captured_at', 'id'],
      'dead_letter_messages_env_state_captured_idx',
    );
    table.index(['captured_at', 'id'], 'dead_letter_messages_captured_idx');
    table.index(
      ['owner_ref', 'environment', 'state'],
      'dead_letter_messages_owner_idx',
    );
    table.index(['source_queue'], 'dead_letter_messages_source_queue_idx');
    table.index(
      ['group_fingerprint'],
      'dead_letter_messages_group_fingerprint_idx',
    );
    table.index(['content_hash'], 'dead_letter_messages_content_hash_idx');
    table.index(['message_id'], 'dead_letter_messages_message_id_idx');
    table.index(
      ['previous_message_id'],
      'dead_letter_messages_previous_message_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dead_letter_messages');
};
