// @ts-check

/**
 * Creates `dead_letter_audit`: who did what to which dead letters, when, with
 * which filter and target, how many, and the outcome.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dead_letter_audit', table => {
    table.comment('Audit log of actions on dead letters');
    table.uuid('id').primary().notNullable();
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    table.text('actor').notNullable().comment('Entity ref of the user');
    table.string('action', 32).notNullable();
    table.string('environment').nullable();
    table.text('selection').notNullable().comment('JSON: ids and/or filter');
    table.text('target').nullable().comment('JSON: replay target');
    table.integer('requested').notNullable();
    table.integer('affected').notNullable();
    table
      .string('outcome', 16)
      .notNullable()
      .comment('succeeded, failed, denied');
    table.text('details').nullable();
    table.index(['at', 'id'], 'dead_letter_audit_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dead_letter_audit');
};
