// @ts-check

/**
 * Creates `reconstitution_events`, the event archive.
 *
 * On Postgres the table is partitioned by month of `occurred_at`, so range
 * scans by producer and time touch only the months asked for and retention
 * drops whole partitions. Partitions are created by the store before it
 * writes into a month. Uniqueness on a partitioned table must include the
 * partition key: an event is identified by (environment, occurred_at,
 * message_id), and a redelivered event has the same three.
 *
 * `seq` (from a sequence) orders events that happened in the same
 * millisecond the way they were archived, which keeps per-entity order.
 * SQLite gets the same columns in one plain table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const client = String(knex.client.config.client);
  if (client === 'pg' || client.includes('postgres')) {
    await knex.raw('CREATE SEQUENCE reconstitution_events_seq');
    await knex.raw(`
      CREATE TABLE reconstitution_events (
        environment text NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        message_id text NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('reconstitution_events_seq'),
        producer_domain text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        event_name text NOT NULL,
        exchange text NOT NULL,
        routing_key text NOT NULL,
        headers text NOT NULL,
        properties text NOT NULL,
        body bytea NOT NULL,
        archived_at timestamptz(3) NOT NULL,
        PRIMARY KEY (environment, occurred_at, message_id)
      ) PARTITION BY RANGE (occurred_at)`);
  } else {
    await knex.schema.createTable('reconstitution_events', table => {
      table.bigIncrements('seq');
      table.string('environment').notNullable();
      table
        .timestamp('occurred_at', { useTz: true, precision: 3 })
        .notNullable();
      table.text('message_id').notNullable();
      table.text('producer_domain').notNullable();
      table.text('entity_type').notNullable();
      table.text('entity_id').notNullable();
      table.text('event_name').notNullable();
      table.text('exchange').notNullable();
      table.text('routing_key').notNullable();
      table.text('headers').notNullable();
      table.text('properties').notNullable();
      table.binary('body').notNullable();
      table
        .timestamp('archived_at', { useTz: true, precision: 3 })
        .notNullable();
      table.unique(['environment', 'occurred_at', 'message_id'], {
        indexName: 'reconstitution_events_identity_idx',
      });
    });
  }
  await knex.schema.alterTable('reconstitution_events', table => {
    // A producer's events in a time range, in delivery order.
    table.index(
      ['environment', 'producer_domain', 'entity_type', 'occurred_at', 'seq'],
      'reconstitution_events_producer_time_idx',
    );
    // One entity's events, for jobs limited to entity ids.
    table.index(
      [
        'environment',
        'producer_domain',
        'entity_type',
        'entity_id',
        'occurred_at',
        'seq',
      ],
      'reconstitution_events_entity_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('reconstitution_events');
  const client = String(knex.client.config.client);
  if (client === 'pg' || client.includes('postgres')) {
    await knex.raw('DROP SEQUENCE IF EXISTS reconstitution_events_seq');
  }
};
