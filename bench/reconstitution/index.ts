/*
 * Reconstitution: archive ingest, job republish and dry-run performance of
 * plugins/reconstitution-backend against the real broker and Postgres, in
 * one run over one archive of BENCH_EVENTS (1,000,000) events. See
 * bench/README.md. The phases: ingest.ts, republish.ts and dryRun.ts.
 */
import { connect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { Knex } from 'knex';
import type { AmqpEnvironment } from '@internal/amqp-node';
import { EventArchiveStore } from '../../plugins/reconstitution-backend/src/database/EventArchiveStore';
import { JobStore } from '../../plugins/reconstitution-backend/src/database/JobStore';
import {
  closeModel,
  connectEnvironment,
  deleteVhost,
  recreateVhost,
  vhostUrl,
  watchModel,
} from '../lib/amqp';
import {
  databaseService,
  dropDatabase,
  recreateDatabase,
} from '../lib/postgres';
import { Metric, metric, progress, reportResults } from '../lib/results';
import { runBench } from '../lib/run';
import { benchDryRun, measureSize } from './dryRun';
import { benchIngest } from './ingest';
import { benchRepublish } from './republish';
import {
  ARCHIVE,
  DATABASE,
  DAYS,
  ENTITIES,
  ENVIRONMENT,
  EVENTS,
  KEEP,
  OVERRIDDEN,
  PHASES,
  VHOST,
  WINDOW,
} from './settings';

async function main() {
  const metrics: Record<string, Metric> = {};
  progress(
    `reconstitution bench: ${EVENTS} events of ${ENTITIES} entities over ${DAYS} days; phases ${[
      ...PHASES,
    ].join(', ')}; archive prefetch ${ARCHIVE.prefetch}, batch ${
      ARCHIVE.batchSize
    }; job window ${WINDOW}${
      OVERRIDDEN.length
        ? ` (not the plugin's defaults: ${OVERRIDDEN.join(', ')})`
        : ''
    }`,
  );
  if (!PHASES.has('ingest')) {
    throw new Error(
      'BENCH_PHASES must include ingest: the other phases read its archive',
    );
  }

  let environment: AmqpEnvironment | undefined;
  let model: ChannelModel | undefined;
  let knex: Knex | undefined;
  try {
    knex = await recreateDatabase(DATABASE);
    const database = databaseService(knex);
    const store = await EventArchiveStore.create({ database });
    const jobs = await JobStore.create({ database, skipMigrations: true });
    recreateVhost(VHOST);
    environment = await connectEnvironment(ENVIRONMENT, VHOST);
    model = await connect(vhostUrl(VHOST));
    watchModel(model);

    metrics.events = metric(EVENTS, 'events', 'higher');
    await benchIngest(environment, model, store, knex, metrics);
    if (PHASES.has('republish')) {
      await benchRepublish(environment, model, store, jobs, knex, metrics);
    }
    await measureSize(knex, metrics);
    if (PHASES.has('dryrun')) {
      await benchDryRun(store, knex, metrics);
    }
  } finally {
    if (model) await closeModel(model);
    await environment?.stop();
    await knex?.destroy();
    if (KEEP) {
      progress(`BENCH_KEEP=1: vhost ${VHOST} and database ${DATABASE} kept`);
    } else {
      progress(`dropping database ${DATABASE} and vhost ${VHOST}`);
      await dropDatabase(DATABASE).catch(error =>
        progress(`could not drop ${DATABASE}: ${error}`),
      );
      deleteVhost(VHOST);
    }
  }

  reportResults('reconstitution', metrics);
}

runBench(main);
