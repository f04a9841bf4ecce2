// @ts-check

/**
 * Creates `reconstitution_parked_events`: events the archive could not
 * store even after cleaning their text, kept aside with why, so one bad
 * event never stops an environment's archiving and is not lost either.
 *
 * The raw content is kept (body as bytes, headers and properties as JSON
 * text). `fingerprint` makes parking idempotent: a redelivery of the same
 * message (the broker saw no ack before a crash) is kept once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('reconstitution_parked_events', table => {
    table.bigIncrements('id');
    table.string('environment').notNullable();
    table.string('fingerprint', 64).notNullable();
    table.text('exchange').notNullable();
    table.text('routing_key').notNullable();
    table.text('message_id');
    table.timestamp('received_at', { useTz: true, precision: 3 }).notNullable();
    table.timestamp('parked_at', { useTz: true, precision: 3 }).notNullable();
    table.text('reason').notNullable();
    table.text('headers').notNullable();
    table.text('properties').notNullable();
    table.binary('body').notNullable();
    table.unique(['environment', 'fingerprint'], {
      indexName: 'reconstitution_parked_events_identity_idx',
    });
    // The latest of an environment, for the archive status; retention.
    table.index(['environment', 'id'], 'reconstitution_parked_events_env_idx');
    table.index(['parked_at'], 'reconstitution_parked_events_parked_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('reconstitution_parked_events');
};
