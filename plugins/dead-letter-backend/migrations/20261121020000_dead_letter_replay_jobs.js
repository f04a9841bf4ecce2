// @ts-check

/**
 * Creates `dead_letter_replay_jobs` (one row per replay request) and
 * `dead_letter_replay_items` (one row per message of a job). JSON is stored
 * as text so the schema works on Postgres and SQLite alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dead_letter_replay_jobs', table => {
    table.comment('Replay jobs of dead letters');
    table.uuid('id').primary().notNullable();
    table.string('environment').notNullable();
    table.text('created_by').notNullable().comment('Entity ref of the user');
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table
      .text('target')
      .notNullable()
      .comment("JSON: { kind: 'original' } or { kind: 'queue', queue }");
    table.integer('rate_per_second').nullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('pending, running, completed, failed, cancelled');
    table.text('reason').nullable();
    table.integer('total').notNullable().defaultTo(0);
    table.integer('sent').notNullable().defaultTo(0);
    table.integer('confirmed').notNullable().defaultTo(0);
    table.integer('failed').notNullable().defaultTo(0);
    table.text('claimed_by').nullable().comment('Worker that runs the job');
    table.timestamp('heartbeat_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).nullable();
    table.index(['state', 'heartbeat_at'], 'dead_letter_replay_jobs_state_idx');
    table.index(
      ['environment', 'created_at'],
      'dead_letter_replay_jobs_env_created_idx',
    );
  });
  await knex.schema.createTable('dead_letter_replay_items', table => {
    table.comment('Messages of replay jobs');
    table.uuid('job_id').notNullable();
    table.uuid('message_id').notNullable();
    table
      .string('status', 16)
      .notNullable()
      .defaultTo('pending')
      .comment('pending, sent, confirmed, failed');
    table.text('error').nullable();
    table.primary(['job_id', 'message_id']);
    table
      .foreign('job_id', 'dead_letter_replay_items_job_fk')
      .references('id')
      .inTable('dead_letter_replay_jobs')
      .onDelete('CASCADE');
    table.index(['message_id'], 'dead_letter_replay_items_message_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dead_letter_replay_items');
  await knex.schema.dropTable('dead_letter_replay_jobs');
};
