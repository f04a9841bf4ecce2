/*
 * The ingest phase: the events published to a topic exchange bound to two
 * identical queues, one drained by plain amqplib, the other archived by
 * the plugin's ArchiveService into Postgres.
 */
import { performance } from 'node:perf_hooks';
import type { ChannelModel } from 'amqplib';
import { Knex } from 'knex';
import { AmqpEnvironment } from '@internal/amqp-node';
import { ArchiveService } from '../../plugins/reconstitution-backend/src/archive/ArchiveService';
import { DEFAULT_CONVENTION } from '../../plugins/reconstitution-backend/src/archive/readEvent';
import { EventArchiveStore } from '../../plugins/reconstitution-backend/src/database/EventArchiveStore';
import { ParkedEventStore } from '../../plugins/reconstitution-backend/src/database/ParkedEventStore';
import {
  checkModel,
  deleteQueue,
  expectQueued,
  publishConfirmed,
  rawConsume,
  watchConnection,
} from '../lib/amqp';
import { databaseService, printProfile, profileQueries } from '../lib/postgres';
import { Metric, metric, progress, round } from '../lib/results';
import { benchLogger, sleep } from '../lib/run';
import { integrationEvents } from './events';
import {
  ARCHIVE,
  EVENTS,
  EXCHANGE,
  FILL_WINDOW,
  RAW_QUEUE,
  STALL_MS,
  cpuNow,
  cpuReport,
} from './settings';

export async function benchIngest(
  environment: AmqpEnvironment,
  model: ChannelModel,
  store: EventArchiveStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  await fillQueues(model);
  const rawRate = await measureRawConsume(model);
  const archiveRate = await measureArchive(environment, model, store, knex);

  metrics.archive_ingest_rate = metric(
    round(archiveRate, 0),
    'events/s',
    'higher',
  );
  metrics.raw_consume_rate = metric(round(rawRate, 0), 'events/s', 'higher');
  metrics.archive_vs_raw = metric(
    round(archiveRate / rawRate, 3),
    'ratio',
    'higher',
  );
}

/** Set-up, timed but not a metric: every event in both queues. */
async function fillQueues(model: ChannelModel) {
  const setup = await model.createChannel();
  await setup.assertExchange(EXCHANGE, 'topic', { durable: true });
  for (const queue of [RAW_QUEUE, ARCHIVE.queue]) {
    // As ArchiveService declares its queue: durable, no arguments.
    await setup.assertQueue(queue, { durable: true });
    await setup.bindQueue(queue, EXCHANGE, '#');
  }
  await setup.close();

  progress(
    `publishing ${EVENTS} events to ${EXCHANGE} (-> ${RAW_QUEUE}, ${ARCHIVE.queue}); set-up, not measured`,
  );
  const publisher = await model.createConfirmChannel();
  let bytes = 0;
  const counted = function* counted() {
    let batches = 0;
    for (const batch of integrationEvents(EVENTS)) {
      for (const p of batch) bytes += p.content.length;
      yield batch;
      batches += 1;
      if (batches % 100 === 0) progress(`  published ${batches * 1000}`);
    }
  };
  const fill = await publishConfirmed(publisher, counted(), FILL_WINDOW, {
    stallMs: STALL_MS,
  });
  await publisher.close();
  await expectQueued(model, RAW_QUEUE, EVENTS, STALL_MS);
  await expectQueued(model, ARCHIVE.queue, EVENTS, STALL_MS);
  progress(
    `  ${EVENTS} events in each queue after ${(fill.ms / 1000).toFixed(
      1,
    )} s (${Math.round(
      EVENTS / (fill.ms / 1000),
    )} events/s); bodies ${Math.round(bytes / EVENTS)} bytes on average`,
  );
}

/** The natural limit: consume and ack, nothing else. */
async function measureRawConsume(model: ChannelModel): Promise<number> {
  progress(
    `raw amqplib consume of ${EVENTS} (prefetch ${ARCHIVE.prefetch}, ack every ${ARCHIVE.batchSize})`,
  );
  const rawCpu = cpuNow();
  const rawMs = await rawConsume(
    model,
    RAW_QUEUE,
    EVENTS,
    ARCHIVE.prefetch,
    ARCHIVE.batchSize,
    60_000 + EVENTS, // 1,000 events/s at worst
  );
  checkModel(model);
  const rawRate = EVENTS / (rawMs / 1000);
  progress(
    `  raw consume: ${Math.round(rawRate)} events/s (${rawMs.toFixed(
      0,
    )} ms); ${cpuReport(rawCpu, rawMs)}`,
  );
  await deleteQueue(model, RAW_QUEUE);
  return rawRate;
}

async function measureArchive(
  environment: AmqpEnvironment,
  model: ChannelModel,
  store: EventArchiveStore,
  knex: Knex,
): Promise<number> {
  progress(
    `ArchiveService archiving ${EVENTS} into Postgres (prefetch ${ARCHIVE.prefetch}, batch ${ARCHIVE.batchSize})`,
  );
  // Time spent in the store, and per statement, to see where time goes.
  const inStore = { ms: 0, calls: 0 };
  const timedStore = Object.create(store) as EventArchiveStore;
  timedStore.archive = async events => {
    const started = performance.now();
    try {
      return await store.archive(events);
    } finally {
      inStore.ms += performance.now() - started;
      inStore.calls += 1;
    }
  };
  const archive = ArchiveService.create({
    sources: [
      {
        environment,
        exchanges: [EXCHANGE],
        queue: ARCHIVE.queue,
        prefetch: ARCHIVE.prefetch,
        batchSize: ARCHIVE.batchSize,
      },
    ],
    store: timedStore,
    parked: await ParkedEventStore.create({
      database: databaseService(knex, true),
    }),
    convention: DEFAULT_CONVENTION,
    logger: benchLogger,
  });
  const watch = watchConnection(environment);
  const queries = profileQueries(knex);
  const cpu = cpuNow();
  let archiveMs: number;
  try {
    archiveMs = await archiveAll(archive, watch);
  } finally {
    await archive.stop();
    watch.stop();
  }
  watch.check();
  const profile = queries.stop();
  const [{ n }] = await knex('reconstitution_events').count('* as n');
  if (Number(n) !== EVENTS) {
    throw new Error(`expected ${EVENTS} archived events, found ${n}`);
  }
  await expectQueued(model, ARCHIVE.queue, 0, STALL_MS);
  await deleteQueue(model, ARCHIVE.queue);
  const archiveRate = EVENTS / (archiveMs / 1000);
  progress(
    `  archive: ${Math.round(archiveRate)} events/s (${archiveMs.toFixed(
      0,
    )} ms); ${cpuReport(cpu, archiveMs)}`,
  );
  progress(
    `  in store.archive(): ${(inStore.ms / 1000).toFixed(1)} s of ${(
      archiveMs / 1000
    ).toFixed(1)} s (${Math.round((inStore.ms / archiveMs) * 100)}%), ${
      inStore.calls
    } batches of ${Math.round(EVENTS / Math.max(1, inStore.calls))} on average`,
  );
  printProfile(profile);
  return archiveRate;
}

/**
 * Starts the archive and waits until it has archived every event; fails
 * when it skips one, finds duplicates or stalls. Returns the time taken.
 */
async function archiveAll(
  archive: ArchiveService,
  watch: ReturnType<typeof watchConnection>,
): Promise<number> {
  const started = performance.now();
  archive.start();
  let archived = 0;
  let lastChange = started;
  let lastReport = started;
  for (;;) {
    await sleep(10);
    watch.check();
    const status = archive.counters()[0];
    if (status.skipped > 0 || status.duplicates > 0) {
      throw new Error(
        `ArchiveService skipped ${status.skipped} and found ${
          status.duplicates
        } duplicates of the bench's events (${
          status.lastSkipReason ?? status.lastError
        })`,
      );
    }
    const now = performance.now();
    if (status.archived !== archived) {
      archived = status.archived;
      lastChange = now;
    } else if (now - lastChange > STALL_MS) {
      throw new Error(
        `ArchiveService stalled at ${archived} of ${EVENTS} archived (${
          status.lastError ?? 'no error reported'
        })`,
      );
    }
    if (archived >= EVENTS) break;
    if (now - lastReport > 10_000) {
      lastReport = now;
      progress(
        `  archived ${archived} (${Math.round(
          archived / ((now - started) / 1000),
        )} events/s)`,
      );
    }
  }
  return performance.now() - started;
}
