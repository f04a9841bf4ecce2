// @ts-check

/**
 * Creates `humio_audit_outbox`: audit events waiting to be shipped to Humio,
 * and for a while after, shipped ones. It lives in the database of the plugin
 * whose events it holds, next to that plugin's own tables, and is migrated
 * with its own migrations table (humio_audit_knex_migrations).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('humio_audit_outbox', table => {
    table.comment('Audit events to ship to Humio (an outbox)');
    // Insertion order: batches are claimed oldest first.
    table.bigIncrements('seq');
    table
      .uuid('id')
      .notNullable()
      .unique()
      .comment('Sent along, so duplicates can be told apart in Humio');
    table.string('plugin_id').notNullable();
    table.string('event_id').notNullable();
    table.string('severity', 16).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('initiated, succeeded or failed');
    table
      .text('actor')
      .nullable()
      .comment('User entity ref or service subject');
    table
      .text('actor_details')
      .nullable()
      .comment('JSON: ip, hostname, userAgent');
    table.string('request_method', 16).nullable();
    table.text('request_url').nullable();
    table.text('meta').nullable().comment('JSON');
    table.text('error').nullable().comment('Why the audited action failed');
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .timestamp('next_attempt_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('Not claimed before; also the lease of a claimed batch');
    table.text('last_error').nullable().comment('Why shipping last failed');
    table
      .string('claimed_by', 36)
      .nullable()
      .comment('The claim of the shipment in flight');
    table.timestamp('shipped_at', { useTz: true, precision: 3 }).nullable();
    table.index(
      ['shipped_at', 'next_attempt_at'],
      'humio_audit_outbox_due_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('humio_audit_outbox');
};
