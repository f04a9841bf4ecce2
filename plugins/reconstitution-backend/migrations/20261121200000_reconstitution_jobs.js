// @ts-check

/**
 * Jobs, their progress over time and their audit trail; and a summary of
 * the archive's producers, kept up to date as events are archived, so
 * listing producers and checking a job's producer does not scan the archive.
 *
 * A partial unique index keeps one running job per receiver queue: a second
 * job for the same queue stays pending until the first has ended, whichever
 * instance tries to start it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('reconstitution_producers', table => {
    table.string('environment').notNullable();
    table.text('producer_domain').notNullable();
    table.text('entity_type').notNullable();
    table.text('event_name').notNullable();
    table.bigInteger('events').notNullable();
    table.timestamp('first_at', { useTz: true, precision: 3 }).notNullable();
    table.timestamp('last_at', { useTz: true, precision: 3 }).notNullable();
    table.primary([
      'environment',
      'producer_domain',
      'entity_type',
      'event_name',
    ]);
  });
  await knex.raw(`
    INSERT INTO reconstitution_producers
      (environment, producer_domain, entity_type, event_name, events, first_at, last_at)
    SELECT environment, producer_domain, entity_type, event_name,
           count(*), min(occurred_at), max(occurred_at)
      FROM reconstitution_events
     GROUP BY environment, producer_domain, entity_type, event_name`);

  await knex.schema.createTable('reconstitution_jobs', table => {
    table.string('id', 36).primary();
    table.string('environment').notNullable();
    table.string('source').notNullable();
    table.string('receiver_ref').notNullable();
    table.string('receiver_queue').notNullable();
    table.string('receiver_owner_ref').nullable();
    table.text('producer_domain').notNullable();
    table.text('entity_type').notNullable();
    table.timestamp('from_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('to_at', { useTz: true, precision: 3 }).nullable();
    table.text('event_names').notNullable();
    // Up to 100,000 ids as a JSON array: read whole by the worker.
    table.text('entity_ids').notNullable();
    table.integer('entity_id_count').notNullable();
    table.integer('rate_per_second').nullable();
    table.string('state').notNullable();
    table.text('reason').nullable();
    table.bigInteger('matched').notNullable().defaultTo(0);
    table.bigInteger('sent').notNullable().defaultTo(0);
    table.bigInteger('confirmed').notNullable().defaultTo(0);
    table.float('rate').nullable();
    // The last event whose delivery is confirmed together with every event
    // before it: a resumed job continues after it.
    table.text('position').nullable();
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.timestamp('started_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).nullable();
    table.string('claimed_by').nullable();
    table.timestamp('heartbeat_at', { useTz: true, precision: 3 }).nullable();
    table.index(['state', 'created_at'], 'reconstitution_jobs_state_idx');
    table.index(
      ['receiver_ref', 'created_at'],
      'reconstitution_jobs_receiver_idx',
    );
    table.index(['created_at', 'id'], 'reconstitution_jobs_created_idx');
  });
  await knex.raw(
    `CREATE UNIQUE INDEX reconstitution_jobs_one_running_idx
       ON reconstitution_jobs (environment, receiver_queue)
       WHERE state = 'running'`,
  );

  await knex.schema.createTable('reconstitution_job_progress', table => {
    table
      .string('job_id', 36)
      .notNullable()
      .references('id')
      .inTable('reconstitution_jobs')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    table.bigInteger('sent').notNullable();
    table.bigInteger('confirmed').notNullable();
    table.index(['job_id', 'at'], 'reconstitution_job_progress_job_idx');
  });

  await knex.schema.createTable('reconstitution_audit', table => {
    table.bigIncrements('id');
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    table.string('actor').notNullable();
    table.string('action').notNullable();
    table.string('job_id', 36).notNullable();
    table.text('details').nullable();
    table.index(['job_id', 'id'], 'reconstitution_audit_job_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('reconstitution_audit');
  await knex.schema.dropTable('reconstitution_job_progress');
  await knex.schema.dropTable('reconstitution_jobs');
  await knex.schema.dropTable('reconstitution_producers');
};
