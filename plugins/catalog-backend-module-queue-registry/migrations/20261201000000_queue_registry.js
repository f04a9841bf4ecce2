// @ts-check

/**
 * The queue registry, in the catalog's database with its own migrations
 * table (queue_registry_knex_migrations): which component owns each RabbitMQ
 * queue (the first to claim it), and the later claims that were refused.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('queue_registry_claims', table => {
    table.comment('The owner of each queue: the first component to claim it');
    table.string('queue', 255).primary().notNullable();
    table
      .string('entity_ref', 512)
      .notNullable()
      .comment('Lower-case ref of the owning component');
    table.timestamp('claimed_at', { useTz: true, precision: 3 }).notNullable();
    table
      .text('location')
      .nullable()
      .comment("The claimant's backstage.io/managed-by-location");
    table.index(['entity_ref'], 'queue_registry_claims_entity_idx');
  });
  await knex.schema.createTable('queue_registry_conflicts', table => {
    table.comment('Claims on queues registered to another component');
    table.string('queue', 255).notNullable();
    table.string('claimant_ref', 512).notNullable();
    table
      .string('owner_ref', 512)
      .notNullable()
      .comment('The component the queue is registered to');
    table.timestamp('detected_at', { useTz: true, precision: 3 }).notNullable();
    table.text('location').nullable();
    table.primary(['queue', 'claimant_ref']);
    table.index(['claimant_ref'], 'queue_registry_conflicts_claimant_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('queue_registry_conflicts');
  await knex.schema.dropTable('queue_registry_claims');
};
