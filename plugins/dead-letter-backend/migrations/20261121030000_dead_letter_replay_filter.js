// @ts-check

/**
 * Replay jobs may take every unresolved message matching a filter; the job
 * keeps that filter so the UI and the audit log can say what was replayed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dead_letter_replay_jobs', table => {
    table
      .text('filter')
      .nullable()
      .comment('JSON: the list filter the messages were chosen by');
  });
  await knex.schema.alterTable('dead_letter_replay_items', table => {
    table.index(['job_id', 'status'], 'dead_letter_replay_items_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dead_letter_replay_items', table => {
    table.dropIndex(
      ['job_id', 'status'],
      'dead_letter_replay_items_status_idx',
    );
  });
  await knex.schema.alterTable('dead_letter_replay_jobs', table => {
    table.dropColumn('filter');
  });
};
