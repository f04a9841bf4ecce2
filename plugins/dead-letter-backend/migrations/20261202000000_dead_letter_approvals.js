// @ts-check

/**
 * Four eyes on production: `dead_letter_approvals` holds replays and
 * discards waiting for a second person, `dead_letter_approval_items` the
 * messages each one holds. `dead_letter_messages.approval_id` marks a
 * message held by a request, so no other replay or discard takes it until
 * the request is decided or expires.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dead_letter_approvals', table => {
    table.comment('Replays and discards awaiting a second person');
    table.uuid('id').primary().notNullable();
    table.string('action', 16).notNullable().comment('replay or discard');
    table.string('environment').notNullable();
    table
      .string('state', 24)
      .notNullable()
      .comment('awaiting-approval, approved, refused, expired');
    table.text('requested_by').notNullable().comment('Entity ref of the user');
    table
      .timestamp('requested_at', { useTz: true, precision: 3 })
      .notNullable();
    table.timestamp('expires_at', { useTz: true, precision: 3 }).notNullable();
    table.integer('message_count').notNullable();
    table.text('owner_refs').notNullable().comment('JSON array');
    table.text('target').nullable().comment('JSON replay target');
    table.text('filter').nullable().comment('JSON filter of the selection');
    table.integer('rate_per_second').nullable();
    table.text('decided_by').nullable();
    table.timestamp('decided_at', { useTz: true, precision: 3 }).nullable();
    table.text('reason').nullable();
    table.uuid('job_id').nullable().comment('Replay job an approval started');
    table.integer('affected').nullable().comment('Messages a discard changed');
    table.index(['state', 'expires_at'], 'dead_letter_approvals_state_idx');
    table.index(
      ['environment', 'requested_at'],
      'dead_letter_approvals_env_requested_idx',
    );
  });
  await knex.schema.createTable('dead_letter_approval_items', table => {
    table.comment('Messages held by approval requests');
    table.uuid('approval_id').notNullable();
    table.uuid('message_id').notNullable();
    table.primary(['approval_id', 'message_id']);
    table
      .foreign('approval_id', 'dead_letter_approval_items_approval_fk')
      .references('id')
      .inTable('dead_letter_approvals')
      .onDelete('CASCADE');
  });
  await knex.schema.alterTable('dead_letter_messages', table => {
    table
      .uuid('approval_id')
      .nullable()
      .comment('The approval request holding this message');
    table.index(['approval_id'], 'dead_letter_messages_approval_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dead_letter_messages', table => {
    table.dropIndex(['approval_id'], 'dead_letter_messages_approval_idx');
    table.dropColumn('approval_id');
  });
  await knex.schema.dropTable('dead_letter_approval_items');
  await knex.schema.dropTable('dead_letter_approvals');
};
