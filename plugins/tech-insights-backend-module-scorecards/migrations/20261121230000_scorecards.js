// @ts-check

/**
 * Scorecards: the current result of every check for every component, the
 * level each holds per track, the history of both (a row per change, not
 * per evaluation), daily roll-ups per group for trends, exemptions and the
 * audit trail. These tables share the tech-insights plugin's database with
 * the community backend's `facts`; they keep their own migrations table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_entities', table => {
    table.string('entity_ref').primary();
    table.string('kind').notNullable();
    table.string('type');
    table.string('title');
    table.string('owner_ref');
    table.timestamp('evaluated_at', { useTz: true, precision: 3 });
    table.index(['owner_ref'], 'scorecard_entities_owner_idx');
  });

  await knex.schema.createTable('scorecard_groups', table => {
    table.string('group_ref').primary();
    table.string('title').notNullable();
    table.string('type').notNullable();
    table.string('parent_ref');
  });

  await knex.schema.createTable('scorecard_results', table => {
    table.string('entity_ref').notNullable();
    table.string('check_id').notNullable();
    table.string('track_id').notNullable();
    /** passed, failed or unknown: before exemptions. */
    table.string('raw_state').notNullable();
    /** After exemptions, as of the last evaluation: adds exempt. */
    table.string('state').notNullable();
    table.text('reason');
    /** The facts the rule read, JSON. */
    table.text('facts').notNullable();
    /** Since when raw_state has been what it is. */
    table.timestamp('since', { useTz: true, precision: 3 }).notNullable();
    table.primary(['entity_ref', 'check_id']);
  });

  await knex.schema.createTable('scorecard_levels', table => {
    table.string('entity_ref').notNullable();
    table.string('track_id').notNullable();
    table.integer('level').notNullable();
    table.primary(['entity_ref', 'track_id']);
  });

  await knex.schema.createTable('scorecard_level_changes', table => {
    table.bigIncrements('id');
    table.string('entity_ref').notNullable();
    table.string('track_id').notNullable();
    table.integer('level').notNullable();
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    table.index(['entity_ref', 'at'], 'scorecard_level_changes_entity_idx');
  });

  await knex.schema.createTable('scorecard_check_changes', table => {
    table.bigIncrements('id');
    table.string('entity_ref').notNullable();
    table.string('check_id').notNullable();
    /** Effective state: passed, failed, exempt or unknown. */
    table.string('state').notNullable();
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    // The state it left and since when: a check's first result is not a
    // change and gets no row (the current result says since when it holds).
    table.string('previous_state').notNullable();
    table.timestamp('previous_since', { useTz: true, precision: 3 });
    table.index(['entity_ref', 'at'], 'scorecard_check_changes_entity_idx');
  });

  await knex.schema.createTable('scorecard_daily', table => {
    /** YYYY-MM-DD (UTC) */
    table.string('day', 10).notNullable();
    table.string('group_ref').notNullable();
    table.string('track_id').notNullable();
    table.integer('level').notNullable();
    table.integer('components').notNullable();
    table.primary(['group_ref', 'track_id', 'day', 'level']);
  });

  await knex.schema.createTable('scorecard_exemptions', table => {
    table.string('id').primary();
    table.string('entity_ref').notNullable();
    table.string('check_id').notNullable();
    table.text('justification').notNullable();
    table.timestamp('expires_at', { useTz: true, precision: 3 }).notNullable();
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.string('revoked_by');
    table.timestamp('revoked_at', { useTz: true, precision: 3 });
    table.index(['entity_ref'], 'scorecard_exemptions_entity_idx');
  });

  await knex.schema.createTable('scorecard_audit', table => {
    table.bigIncrements('id');
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    table.string('actor').notNullable();
    table.string('action').notNullable();
    table.string('entity_ref');
    table.string('check_id');
    table.text('details');
    table.index(['entity_ref', 'at'], 'scorecard_audit_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'scorecard_audit',
    'scorecard_exemptions',
    'scorecard_daily',
    'scorecard_check_changes',
    'scorecard_level_changes',
    'scorecard_levels',
    'scorecard_results',
    'scorecard_groups',
    'scorecard_entities',
  ]) {
    await knex.schema.dropTable(table);
  }
};
