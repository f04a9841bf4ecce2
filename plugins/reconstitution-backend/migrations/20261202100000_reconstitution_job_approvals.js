// @ts-check

/**
 * Four eyes on jobs into production receivers: such a job is created
 * `awaiting-approval` (the worker claims only `pending` jobs) with the time
 * it expires, and records who approved or refused it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('reconstitution_jobs', table => {
    table
      .timestamp('approval_expires_at', { useTz: true, precision: 3 })
      .nullable()
      .comment('Set for jobs that need approval');
    table.text('approval_decided_by').nullable();
    table
      .timestamp('approval_decided_at', { useTz: true, precision: 3 })
      .nullable();
    table.text('approval_reason').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('reconstitution_jobs', table => {
    table.dropColumn('approval_expires_at');
    table.dropColumn('approval_decided_by');
    table.dropColumn('approval_decided_at');
    table.dropColumn('approval_reason');
  });
};
