/*
 * The republish phase: the archive republished by one job per producer
 * (JobWorker.runOnce(), no rate limit) to one receiver queue, against the
 * same events, order, pages and window read from the archive and
 * published on a plain amqplib confirm channel and through the library's
 * ConfirmPublisher.
 */
import { performance } from 'node:perf_hooks';
import type { ChannelModel } from 'amqplib';
import { Knex } from 'knex';
import { AmqpEnvironment } from '@internal/amqp-node';
import type { EventSelection } from '@internal/backstage-plugin-reconstitution-common';
import type { SourcedEvent } from '@internal/backstage-plugin-reconstitution-node';
import { EventArchiveStore } from '../../plugins/reconstitution-backend/src/database/EventArchiveStore';
import { JobStore } from '../../plugins/reconstitution-backend/src/database/JobStore';
import { jobSelection } from '../../plugins/reconstitution-backend/src/database/jobRow';
import { JobWorker } from '../../plugins/reconstitution-backend/src/jobs/JobWorker';
import { deliveryOptions } from '../../plugins/reconstitution-backend/src/jobs/deliveryOptions';
import {
  Publish,
  assertQueues,
  checkModel,
  deleteQueue,
  expectQueued,
  publishConfirmed,
  publishThrough,
  singleEnvironment,
  watchConnection,
} from '../lib/amqp';
import { printProfile, profileQueries } from '../lib/postgres';
import { Metric, metric, progress, round } from '../lib/results';
import { benchLogger, stallGuard } from '../lib/run';
import {
  ENVIRONMENT,
  EVENTS,
  PAGE_SIZE,
  RECEIVER_QUEUES,
  SETTINGS,
  STALL_MS,
  TARGET_REPUBLISH_1M_SECONDS,
  TARGET_REPUBLISH_VS_RAW,
  WINDOW,
  cpuNow,
  cpuReport,
} from './settings';

type BenchJob = { id: string; selection: EventSelection; events: number };

export async function benchRepublish(
  environment: AmqpEnvironment,
  model: ChannelModel,
  store: EventArchiveStore,
  jobs: JobStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  const benchJobs = await createJobs(store, jobs);
  const readRate = await measureArchiveRead(store, benchJobs);
  const rawRate = await measureRawPublish(model, store, benchJobs);
  const libraryRate = await measureConfirmPublisher(
    environment,
    model,
    store,
    benchJobs,
  );
  const jobMs = await measureJobs(
    environment,
    model,
    store,
    jobs,
    knex,
    benchJobs,
  );
  const jobRate = EVENTS / (jobMs / 1000);

  metrics.republish_rate = metric(round(jobRate, 0), 'events/s', 'higher');
  metrics.republish_seconds = metric(
    round(jobMs / 1000, 1),
    's',
    'lower',
    // 3 minutes for 1M events, scaled to the events of this run.
    round((TARGET_REPUBLISH_1M_SECONDS * EVENTS) / 1_000_000, 1),
  );
  metrics.raw_publish_confirm_rate = metric(
    round(rawRate, 0),
    'events/s',
    'higher',
  );
  metrics.confirm_publisher_rate = metric(
    round(libraryRate, 0),
    'events/s',
    'higher',
  );
  metrics.archive_read_rate = metric(round(readRate, 0), 'events/s', 'higher');
  metrics.republish_vs_raw = metric(
    round(jobRate / rawRate, 3),
    'ratio',
    'higher',
    TARGET_REPUBLISH_VS_RAW,
  );
}

/**
 * A job selects one producer's events: one job per producer, all of the
 * archive between them, delivered one after the other to one queue.
 */
async function createJobs(
  store: EventArchiveStore,
  jobs: JobStore,
): Promise<BenchJob[]> {
  const producers = await store.producers(ENVIRONMENT);
  const total = producers.reduce((sum, p) => sum + p.events, 0);
  if (total !== EVENTS) {
    throw new Error(
      `the archive's producer summary counts ${total} events, expected ${EVENTS}`,
    );
  }
  const benchJobs: BenchJob[] = [];
  for (const p of producers) {
    const job = await jobs.createJob({
      environment: ENVIRONMENT,
      source: store.id,
      receiver: {
        entityRef: 'component:default/bench-receiver',
        queue: RECEIVER_QUEUES.job,
      },
      selection: {
        environment: ENVIRONMENT,
        domain: p.domain,
        entityType: p.entityType,
      },
      matched: p.events,
      createdBy: 'user:default/bench',
    });
    const row = (await jobs.row(job.id))!;
    benchJobs.push({
      id: job.id,
      selection: jobSelection(row),
      events: p.events,
    });
  }
  progress(
    `${benchJobs.length} jobs (one per producer: ${producers
      .map(p => `${p.domain}.${p.entityType} ${p.events}`)
      .join(', ')}), no rate limit, window ${WINDOW}, pages of ${PAGE_SIZE}`,
  );
  return benchJobs;
}

/** Reading alone: how much of a job's time the archive can take. */
async function measureArchiveRead(
  store: EventArchiveStore,
  benchJobs: BenchJob[],
): Promise<number> {
  progress(`reading the ${EVENTS} events from the archive (no publishing)`);
  const readStarted = performance.now();
  let read = 0;
  for (const job of benchJobs) {
    for await (const events of archivePages(store, job.selection)) {
      read += events.length;
    }
  }
  const readMs = performance.now() - readStarted;
  if (read !== EVENTS)
    throw new Error(`read ${read} events, expected ${EVENTS}`);
  const readRate = EVENTS / (readMs / 1000);
  progress(
    `  archive read: ${Math.round(readRate)} events/s (${readMs.toFixed(
      0,
    )} ms)`,
  );
  return readRate;
}

/** Every event in `queue` (the bench fails if not); the queue then goes. */
async function expectDelivered(model: ChannelModel, queue: string) {
  await expectQueued(model, queue, EVENTS, STALL_MS);
  await deleteQueue(model, queue);
}

/**
 * The natural limit: the same events, order, pages and window, on a plain
 * amqplib confirm channel.
 */
async function measureRawPublish(
  model: ChannelModel,
  store: EventArchiveStore,
  benchJobs: BenchJob[],
): Promise<number> {
  await assertQueues(model, [RECEIVER_QUEUES.raw]);
  progress(
    `raw amqplib confirm-channel publish of the ${EVENTS} archived events (${WINDOW} in flight)`,
  );
  const confirmChannel = await model.createConfirmChannel();
  const rawCpu = cpuNow();
  const raw = await publishConfirmed(
    confirmChannel,
    publishes(store, benchJobs, RECEIVER_QUEUES.raw),
    WINDOW,
    { stallMs: STALL_MS },
  );
  await confirmChannel.close();
  checkModel(model);
  if (raw.count !== EVENTS) {
    throw new Error(`published ${raw.count} events, expected ${EVENTS}`);
  }
  await expectDelivered(model, RECEIVER_QUEUES.raw);
  const rawRate = EVENTS / (raw.ms / 1000);
  progress(
    `  raw publish: ${Math.round(rawRate)} events/s (${raw.ms.toFixed(
      0,
    )} ms); ${cpuReport(rawCpu, raw.ms)}`,
  );
  return rawRate;
}

/** The same through the library's ConfirmPublisher, as the job uses it. */
async function measureConfirmPublisher(
  environment: AmqpEnvironment,
  model: ChannelModel,
  store: EventArchiveStore,
  benchJobs: BenchJob[],
): Promise<number> {
  await assertQueues(model, [RECEIVER_QUEUES.publisher]);
  progress(
    `ConfirmPublisher publish of the ${EVENTS} events (${WINDOW} in flight)`,
  );
  const libraryPublisher = environment.publisher({ maxInFlight: WINDOW });
  const libraryCpu = cpuNow();
  const library = await publishThrough(
    libraryPublisher,
    publishes(store, benchJobs, RECEIVER_QUEUES.publisher),
    WINDOW,
    STALL_MS,
  );
  if (library.count !== EVENTS) {
    throw new Error(`published ${library.count} events, expected ${EVENTS}`);
  }
  await expectDelivered(model, RECEIVER_QUEUES.publisher);
  const libraryRate = EVENTS / (library.ms / 1000);
  progress(
    `  ConfirmPublisher: ${Math.round(
      libraryRate,
    )} events/s (${library.ms.toFixed(0)} ms); ${cpuReport(
      libraryCpu,
      library.ms,
    )}`,
  );
  return libraryRate;
}

/** The jobs themselves, one after the other; returns their time. */
async function measureJobs(
  environment: AmqpEnvironment,
  model: ChannelModel,
  store: EventArchiveStore,
  jobs: JobStore,
  knex: Knex,
  benchJobs: BenchJob[],
): Promise<number> {
  await assertQueues(model, [RECEIVER_QUEUES.job]);
  progress(
    `JobWorker.runOnce() x ${benchJobs.length}: ${EVENTS} events to ${RECEIVER_QUEUES.job}`,
  );
  const worker = new JobWorker({
    jobs,
    sources: new Map([[store.id, store]]),
    amqp: singleEnvironment(ENVIRONMENT, environment),
    logger: benchLogger,
    environments: [ENVIRONMENT],
    window: WINDOW,
    staleAfterMs: SETTINGS.jobs.staleAfterSeconds * 1000,
  });
  const watch = watchConnection(environment);
  const confirmedSoFar = async () => {
    const [{ confirmed }] = await knex('reconstitution_jobs').sum(
      'confirmed as confirmed',
    );
    return Number(confirmed ?? 0);
  };
  const stall = stallGuard('the jobs', confirmedSoFar, STALL_MS, count =>
    progress(`  confirmed ${count}`),
  );
  const queries = profileQueries(knex);
  const cpu = cpuNow();
  const started = performance.now();
  let jobMs: number;
  try {
    for (const job of benchJobs) {
      const ran = await Promise.race([worker.runOnce(), stall.failed]);
      if (ran !== job.id) {
        throw new Error(
          `the worker ran ${ran ?? 'no job'}, expected ${job.id}`,
        );
      }
    }
    jobMs = performance.now() - started;
  } finally {
    stall.stop();
    watch.stop();
  }
  watch.check();
  const profile = queries.stop();
  for (const job of benchJobs) {
    const done = await jobs.getJob(job.id);
    if (done?.state !== 'completed' || done.progress.confirmed !== job.events) {
      throw new Error(
        `job ${job.id} did not deliver its ${
          job.events
        } events: ${JSON.stringify(done)}`,
      );
    }
  }
  await expectDelivered(model, RECEIVER_QUEUES.job);
  progress(
    `  jobs: ${Math.round(EVENTS / (jobMs / 1000))} events/s (${(
      jobMs / 1000
    ).toFixed(1)} s); ${cpuReport(cpu, jobMs)}`,
  );
  printProfile(profile);
  return jobMs;
}

/** A job's pages, the next read while this one is used (as JobWorker does). */
async function* archivePages(
  store: EventArchiveStore,
  selection: EventSelection,
): AsyncGenerator<SourcedEvent[]> {
  let next: Promise<{ events: SourcedEvent[]; done: boolean }> | undefined =
    store.read(selection, { limit: PAGE_SIZE });
  while (next) {
    const { events, done }: { events: SourcedEvent[]; done: boolean } =
      await next;
    next = done
      ? undefined
      : store.read(selection, {
          after: events[events.length - 1].position,
          limit: PAGE_SIZE,
        });
    next?.catch(() => undefined);
    yield events;
  }
}

/** The jobs' events as the worker publishes them, to `queue`. */
async function* publishes(
  store: EventArchiveStore,
  benchJobs: BenchJob[],
  queue: string,
): AsyncGenerator<Publish[]> {
  for (const job of benchJobs) {
    for await (const events of archivePages(store, job.selection)) {
      yield events.map(event => ({
        exchange: '',
        routingKey: queue,
        content: event.body,
        options: {
          ...deliveryOptions(event, job.id),
          mandatory: true,
          persistent: true,
        },
      }));
    }
  }
}
