/*
 * Reconstitution: archive ingest, job republish and dry-run performance of
 * plugins/reconstitution-backend against the real broker and Postgres, in
 * one run over one archive of BENCH_EVENTS (1,000,000) events. See
 * bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { Knex } from 'knex';
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  AmqpEnvironment,
  AmqpEnvironments,
  ConfirmPublisher,
} from '@internal/amqp-node';
import type {
  DryRunResult,
  EventSelection,
} from '@internal/backstage-plugin-reconstitution-common';
import type { SourcedEvent } from '@internal/backstage-plugin-reconstitution-node';
import { ArchiveService } from '../../plugins/reconstitution-backend/src/archive/ArchiveService';
import { DEFAULT_CONVENTION } from '../../plugins/reconstitution-backend/src/archive/readEvent';
import { readReconstitutionConfig } from '../../plugins/reconstitution-backend/src/config';
import { EventArchiveStore } from '../../plugins/reconstitution-backend/src/database/EventArchiveStore';
import { ParkedEventStore } from '../../plugins/reconstitution-backend/src/database/ParkedEventStore';
import {
  JobStore,
  jobSelection,
} from '../../plugins/reconstitution-backend/src/database/JobStore';
import {
  JobWorker,
  deliveryOptions,
} from '../../plugins/reconstitution-backend/src/jobs/JobWorker';
import {
  Metric,
  percentile,
  progress,
  round,
  writeResults,
} from '../lib/results';
import {
  Publish,
  checkModel,
  closeModel,
  deleteVhost,
  dropDatabase,
  numberEnv,
  printTable,
  publishConfirmed,
  rawConsume,
  recreateDatabase,
  recreateVhost,
  sleep,
  until,
  vhostUrl,
  watchConnection,
  watchModel,
  withTimeout,
} from '../lib/services';

const VHOST = 'portal-bench-reconstitution';
const DATABASE = 'portal_bench_reconstitution';
const ENVIRONMENT = 'bench';

const EVENTS = numberEnv('BENCH_EVENTS', 1_000_000);
const ENTITIES = numberEnv('BENCH_ENTITIES', 100_000);
const DAYS = numberEnv('BENCH_DAYS', 60);
const DRY_RUNS = numberEnv('BENCH_DRY_RUNS', 30);
const DRY_RUN_ENTITY_IDS = numberEnv('BENCH_DRY_RUN_ENTITY_IDS', 10_000);
const PHASES = new Set(
  (process.env.BENCH_PHASES ?? 'ingest,republish,dryrun').split(','),
);
const KEEP = process.env.BENCH_KEEP === '1';
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

/** The issue's targets, for 1,000,000 events. */
const TARGET_REPUBLISH_VS_RAW = 0.8;
const TARGET_REPUBLISH_1M_SECONDS = 180;
const TARGET_DRY_RUN_MS = 1000;

const EXCHANGE = 'bench.integration-events';
/** Both bound `#` to the exchange: every event lands in each, identically. */
const RAW_QUEUE = 'bench.archive.raw';
const RECEIVER_QUEUES = {
  raw: 'bench.receiver.raw-confirm',
  publisher: 'bench.receiver.confirm-publisher',
  job: 'bench.receiver.job',
};

/**
 * The plugin's defaults, so the bench follows them when they change;
 * BENCH_ARCHIVE_PREFETCH, BENCH_ARCHIVE_BATCH and BENCH_JOB_WINDOW try
 * other settings (through the plugin's own config validation).
 */
const SETTINGS = readReconstitutionConfig(
  new ConfigReader({
    reconstitution: {
      environments: {
        [ENVIRONMENT]: {
          exchanges: [EXCHANGE],
          prefetch: optionalNumberEnv('BENCH_ARCHIVE_PREFETCH'),
          batchSize: optionalNumberEnv('BENCH_ARCHIVE_BATCH'),
        },
      },
      jobs: { window: optionalNumberEnv('BENCH_JOB_WINDOW') },
    },
  }),
);
const ARCHIVE = SETTINGS.environments[0];
/** Unconfirmed events a job allows (reconstitution.jobs.window). */
const WINDOW = SETTINGS.jobs.window;
const OVERRIDDEN = [
  'BENCH_ARCHIVE_PREFETCH',
  'BENCH_ARCHIVE_BATCH',
  'BENCH_JOB_WINDOW',
].filter(name => optionalNumberEnv(name) !== undefined);

function optionalNumberEnv(name: string): number | undefined {
  return process.env[name] ? numberEnv(name, 0) : undefined;
}

/** JobWorker's page size (PAGE_SIZE there, not exported). */
const PAGE_SIZE = 1000;
/** Unconfirmed messages while filling the queues (set-up, not measured). */
const FILL_WINDOW = 5000;
/** A measurement whose count has not moved for this long has hung. */
const STALL_MS = numberEnv('BENCH_STALL_SECONDS', 60) * 1000;

const logger: LoggerService = {
  error: message => progress(`error: ${message}`),
  warn: message => progress(`warn: ${message}`),
  info: () => {},
  debug: () => {},
  child: () => logger,
};

// --- the events --------------------------------------------------------------

type Producer = {
  domain: string;
  entityType: string;
  app: string;
  /** Share of the events. */
  weight: number;
  events: Array<{ name: string; weight: number }>;
  entities: string[];
};

/** A few producers, skewed; 10 event names in all; ~10 events per entity. */
const PRODUCERS: Producer[] = [
  producer('customer', 'customer-party', 0.4, {
    PartyCreated: 1,
    PartyUpdated: 6,
    AddressChanged: 3,
  }),
  producer('accounts', 'account', 0.3, {
    AccountOpened: 1,
    BalanceChanged: 8,
    AccountClosed: 1,
  }),
  producer('payments', 'payment', 0.2, {
    PaymentInitiated: 1,
    PaymentSettled: 1,
  }),
  producer('cards', 'card', 0.1, { CardIssued: 3, CardBlocked: 1 }),
];

function producer(
  domain: string,
  entityType: string,
  weight: number,
  events: Record<string, number>,
): Producer {
  return {
    domain,
    entityType,
    app: `${domain}-service`,
    weight,
    events: Object.entries(events).map(([name, w]) => ({ name, weight: w })),
    entities: [],
  };
}

/** Deterministic random numbers (mulberry32): the same events every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T extends { weight: number }>(items: T[], r: number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let left = r * total;
  for (const item of items) {
    left -= item.weight;
    if (left < 0) return item;
  }
  return items[items.length - 1];
}

function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () =>
    Math.floor(next() * 16).toString(16),
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

// Entities: ENTITIES in all, shared out by the producers' weights.
{
  const next = random(7);
  for (const p of PRODUCERS) {
    const count = Math.max(1, Math.round(ENTITIES * p.weight));
    for (let k = 0; k < count; k++) p.entities.push(uuid(next));
  }
}

const DAY_MS = 24 * 3600_000;
/** Events happened over DAYS days up to a minute before the bench started. */
const END = Math.floor((Date.now() - 60_000) / 1000) * 1000;
const START = END - DAYS * DAY_MS;

const WORDS = `active address balance branch card channel city closed
credit current customer debit deposit detail email fixed holder joint limit
local main mobile monthly online open partner pending personal postal premium
primary priority regular retail review savings secure standard status
statement transfer update verified`
  .split(/\s+/)
  .filter(Boolean);
const CITIES = ['London', 'Leeds', 'Dublin', 'Lisbon', 'Porto', 'Madrid'];

/**
 * The integration events, in the order they happened (as an archive sees
 * live traffic): a batch at a time, for publishing.
 */
function* integrationEvents(total: number): Generator<Publish[]> {
  const next = random(42);
  const step = (END - START) / total;
  let batch: Publish[] = [];
  for (let i = 0; i < total; i++) {
    const p = pick(PRODUCERS, next());
    const entityId = p.entities[Math.floor(next() * p.entities.length)];
    const eventName = pick(p.events, next()).name;
    const at = Math.floor(START + (i + next()) * step);
    const occurredAt = new Date(at).toISOString();
    const messageId = randomUUID();
    const word = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
    const body = JSON.stringify({
      eventId: messageId,
      eventName,
      occurredAt,
      source: p.app,
      subject: { type: p.entityType, id: entityId },
      version: 1 + (i % 5),
      data: {
        status: word(1),
        name: `${word(2)} ${word(3)}`,
        email: `${word(4)}.${word(5)}@example.com`,
        segment: word(6),
        address: {
          street: `${(i % 400) + 1} ${word(7)} Street`,
          city: CITIES[i % CITIES.length],
          postcode: String(i % 99999).padStart(5, '0'),
          country: ['GB', 'IE', 'PT', 'ES'][i % 4],
        },
        amount: Math.round(((i * 7919) % 1_000_000) / 0.07) / 100,
        currency: ['EUR', 'GBP', 'USD'][i % 3],
        changed: [word(8), word(9)],
      },
    });
    batch.push({
      exchange: EXCHANGE,
      routingKey: `${p.domain}.${p.entityType}.${eventName}`,
      content: Buffer.from(body),
      options: {
        persistent: true,
        contentType: 'application/json',
        messageId,
        appId: p.app,
        timestamp: Math.floor(at / 1000),
        headers: {
          'x-entity-id': entityId,
          'x-occurred-at': occurredAt,
          'x-correlation-id': randomUUID(),
          traceparent: `00-${messageId.replace(/-/g, '')}-${messageId.slice(
            0,
            8,
          )}${messageId.slice(9, 13)}${messageId.slice(14, 18)}-01`,
        },
      },
    });
    if (batch.length === 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

// --- main --------------------------------------------------------------------

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
    const database = {
      getClient: async () => knex!,
      migrations: { skip: false },
    } as DatabaseService;
    const store = await EventArchiveStore.create({ database });
    const jobs = await JobStore.create({ database, skipMigrations: true });
    recreateVhost(VHOST);
    environment = AmqpEnvironment.create({
      name: ENVIRONMENT,
      url: vhostUrl(VHOST),
      logger,
    });
    environment.start();
    await environment.whenConnected(10_000);
    model = await connect(vhostUrl(VHOST));
    watchModel(model);

    metrics.events = {
      value: EVENTS,
      unit: 'events',
      target: null,
      better: 'higher',
    };
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

  const file = writeResults('reconstitution', metrics);
  progress(`results written to ${file}`);
  printTable(metrics);
}

// --- ingest ------------------------------------------------------------------

async function benchIngest(
  environment: AmqpEnvironment,
  model: ChannelModel,
  store: EventArchiveStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
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

  progress(
    `raw amqplib consume of ${EVENTS} (prefetch ${ARCHIVE.prefetch}, ack every ${ARCHIVE.batchSize})`,
  );
  const rawCpu = cpuSnapshot();
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
      database: {
        getClient: async () => knex,
        migrations: { skip: true },
      } as DatabaseService,
    }),
    convention: DEFAULT_CONVENTION,
    logger,
  });
  const watch = watchConnection(environment);
  const queries = profileQueries(knex);
  const cpu = cpuSnapshot();
  const started = performance.now();
  let archiveMs: number;
  try {
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
    archiveMs = performance.now() - started;
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

  metrics.archive_ingest_rate = {
    value: round(archiveRate, 0),
    unit: 'events/s',
    target: null,
    better: 'higher',
  };
  metrics.raw_consume_rate = {
    value: round(rawRate, 0),
    unit: 'events/s',
    target: null,
    better: 'higher',
  };
  metrics.archive_vs_raw = {
    value: round(archiveRate / rawRate, 3),
    unit: 'ratio',
    target: null,
    better: 'higher',
  };
}

// --- republish ---------------------------------------------------------------

type BenchJob = { id: string; selection: EventSelection; events: number };

async function benchRepublish(
  environment: AmqpEnvironment,
  model: ChannelModel,
  store: EventArchiveStore,
  jobs: JobStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  // A job selects one producer's events: one job per producer, all of the
  // archive between them, delivered one after the other to one queue.
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

  // Reading alone: how much of a job's time the archive can take.
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

  // The natural limit: the same events, order, pages and window, on a plain
  // amqplib confirm channel.
  const channel = await model.createChannel();
  await channel.assertQueue(RECEIVER_QUEUES.raw, { durable: true });
  await channel.close();
  progress(
    `raw amqplib confirm-channel publish of the ${EVENTS} archived events (${WINDOW} in flight)`,
  );
  const confirmChannel = await model.createConfirmChannel();
  const rawCpu = cpuSnapshot();
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
  await expectQueued(model, RECEIVER_QUEUES.raw, EVENTS, STALL_MS);
  await deleteQueue(model, RECEIVER_QUEUES.raw);
  const rawRate = EVENTS / (raw.ms / 1000);
  progress(
    `  raw publish: ${Math.round(rawRate)} events/s (${raw.ms.toFixed(
      0,
    )} ms); ${cpuReport(rawCpu, raw.ms)}`,
  );

  // The same through the library's ConfirmPublisher, as the job uses it.
  const setup = await model.createChannel();
  await setup.assertQueue(RECEIVER_QUEUES.publisher, { durable: true });
  await setup.close();
  progress(
    `ConfirmPublisher publish of the ${EVENTS} events (${WINDOW} in flight)`,
  );
  const libraryPublisher = environment.publisher({ maxInFlight: WINDOW });
  const libraryCpu = cpuSnapshot();
  const library = await publishThrough(
    libraryPublisher,
    publishes(store, benchJobs, RECEIVER_QUEUES.publisher),
    WINDOW,
  );
  if (library.count !== EVENTS) {
    throw new Error(`published ${library.count} events, expected ${EVENTS}`);
  }
  await expectQueued(model, RECEIVER_QUEUES.publisher, EVENTS, STALL_MS);
  await deleteQueue(model, RECEIVER_QUEUES.publisher);
  const libraryRate = EVENTS / (library.ms / 1000);
  progress(
    `  ConfirmPublisher: ${Math.round(
      libraryRate,
    )} events/s (${library.ms.toFixed(0)} ms); ${cpuReport(
      libraryCpu,
      library.ms,
    )}`,
  );

  // The jobs themselves.
  const receiver = await model.createChannel();
  await receiver.assertQueue(RECEIVER_QUEUES.job, { durable: true });
  await receiver.close();
  progress(
    `JobWorker.runOnce() x ${benchJobs.length}: ${EVENTS} events to ${RECEIVER_QUEUES.job}`,
  );
  const amqp: AmqpEnvironments = {
    get: name => (name === ENVIRONMENT ? environment : undefined),
    list: () => [environment],
  };
  const worker = new JobWorker({
    jobs,
    sources: new Map([[store.id, store]]),
    amqp,
    logger,
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
  const cpu = cpuSnapshot();
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
  await expectQueued(model, RECEIVER_QUEUES.job, EVENTS, STALL_MS);
  await deleteQueue(model, RECEIVER_QUEUES.job);
  const jobRate = EVENTS / (jobMs / 1000);
  progress(
    `  jobs: ${Math.round(jobRate)} events/s (${(jobMs / 1000).toFixed(
      1,
    )} s); ${cpuReport(cpu, jobMs)}`,
  );
  printProfile(profile);

  metrics.republish_rate = {
    value: round(jobRate, 0),
    unit: 'events/s',
    target: null,
    better: 'higher',
  };
  metrics.republish_seconds = {
    value: round(jobMs / 1000, 1),
    unit: 's',
    // 3 minutes for 1M events, scaled to the events of this run.
    target: round((TARGET_REPUBLISH_1M_SECONDS * EVENTS) / 1_000_000, 1),
    better: 'lower',
  };
  metrics.raw_publish_confirm_rate = {
    value: round(rawRate, 0),
    unit: 'events/s',
    target: null,
    better: 'higher',
  };
  metrics.confirm_publisher_rate = {
    value: round(libraryRate, 0),
    unit: 'events/s',
    target: null,
    better: 'higher',
  };
  metrics.archive_read_rate = {
    value: round(readRate, 0),
    unit: 'events/s',
    target: null,
    better: 'higher',
  };
  metrics.republish_vs_raw = {
    value: round(jobRate / rawRate, 3),
    unit: 'ratio',
    target: TARGET_REPUBLISH_VS_RAW,
    better: 'higher',
  };
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

/** Publishes through a ConfirmPublisher with `window` unconfirmed at most. */
async function publishThrough(
  publisher: ConfirmPublisher,
  batches: AsyncIterable<Publish[]>,
  window: number,
): Promise<{ count: number; ms: number }> {
  const started = performance.now();
  let inFlight = 0;
  let count = 0;
  let confirmed = 0;
  let failed: unknown;
  let wake: () => void = () => {};
  const settled = () => {
    inFlight -= 1;
    wake();
  };
  const stall = stallGuard('ConfirmPublisher', async () => confirmed, STALL_MS);
  try {
    for await (const batch of batches) {
      for (const p of batch) {
        while (inFlight >= window && !failed) {
          await Promise.race([
            new Promise<void>(resolve => (wake = resolve)),
            stall.failed,
          ]);
        }
        if (failed) throw failed;
        inFlight += 1;
        count += 1;
        publisher
          .publish(p)
          .then(
            () => {
              confirmed += 1;
            },
            error => {
              failed ??= error;
            },
          )
          .finally(settled);
      }
    }
    while (inFlight > 0) {
      await Promise.race([
        new Promise<void>(resolve => (wake = resolve)),
        stall.failed,
      ]);
    }
  } finally {
    stall.stop();
  }
  if (failed) throw failed;
  return { count, ms: performance.now() - started };
}

// --- size --------------------------------------------------------------------

async function measureSize(knex: Knex, metrics: Record<string, Metric>) {
  const { rows } = await knex.raw(`
    SELECT count(*) AS partitions,
           coalesce(sum(pg_relation_size(relid)), 0) AS heap,
           coalesce(sum(pg_table_size(relid) - pg_relation_size(relid)), 0) AS toast,
           coalesce(sum(pg_indexes_size(relid)), 0) AS indexes,
           coalesce(sum(pg_total_relation_size(relid)), 0) AS total
      FROM pg_partition_tree('reconstitution_events')
     WHERE isleaf`);
  const size = rows[0];
  const perEvent = (value: string | number) => Number(value) / EVENTS;
  progress(
    `archive: ${size.partitions} monthly partitions, ${Math.round(
      Number(size.total) / 1024 ** 2,
    )} MiB = ${Math.round(perEvent(size.total))} bytes/event (heap ${Math.round(
      perEvent(size.heap),
    )}, toast ${Math.round(perEvent(size.toast))}, indexes ${Math.round(
      perEvent(size.indexes),
    )})`,
  );
  metrics.archive_bytes_per_event = {
    value: round(perEvent(size.total), 0),
    unit: 'bytes',
    target: null,
    better: 'lower',
  };
}

// --- dry run -----------------------------------------------------------------

async function benchDryRun(
  store: EventArchiveStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  progress('ANALYZE reconstitution_events');
  await knex.raw('ANALYZE reconstitution_events');
  // The biggest producer: the most rows to count.
  const p = PRODUCERS.reduce((a, b) => (b.weight > a.weight ? b : a));
  const base = {
    environment: ENVIRONMENT,
    domain: p.domain,
    entityType: p.entityType,
  };
  const next = random(99);
  const firstDay = Math.ceil(START / DAY_MS) * DAY_MS;
  const fullDays = Math.max(1, Math.floor((END - firstDay) / DAY_MS));
  const oneDay = (): EventSelection => {
    const from = firstDay + Math.floor(next() * fullDays) * DAY_MS;
    return {
      ...base,
      from: new Date(from).toISOString(),
      to: new Date(from + DAY_MS).toISOString(),
    };
  };
  const someEntities = (): EventSelection => {
    const ids = [...p.entities];
    const count = Math.min(DRY_RUN_ENTITY_IDS, ids.length);
    for (let k = 0; k < count; k++) {
      const j = k + Math.floor(next() * (ids.length - k));
      [ids[k], ids[j]] = [ids[j], ids[k]];
    }
    return { ...base, entityIds: ids.slice(0, count) };
  };

  const cases = [
    {
      name: 'dry_run_one_day',
      what: `one day of ${p.domain}.${p.entityType}`,
      make: oneDay,
    },
    {
      name: 'dry_run_10k_entities',
      what: `${Math.min(DRY_RUN_ENTITY_IDS, p.entities.length)} random ${
        p.entityType
      } ids, whole range`,
      make: someEntities,
    },
  ];
  for (const c of cases) {
    progress(`dry run, ${c.what}: ${DRY_RUNS} runs (sample 10)`);
    const times: number[] = [];
    let matched = 0;
    for (let run = 0; run < DRY_RUNS; run++) {
      const selection = c.make();
      const started = performance.now();
      const result: DryRunResult = await withTimeout(
        store.dryRun(selection, 10),
        60_000,
        `dry run of ${c.what}`,
      );
      times.push(performance.now() - started);
      matched += result.total;
      if (
        result.total > 0 &&
        result.sample.length !== Math.min(10, result.total)
      ) {
        throw new Error(
          `dry run returned ${result.sample.length} samples of ${result.total}`,
        );
      }
    }
    if (matched === 0)
      throw new Error(`no dry run of ${c.what} matched anything`);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    progress(
      `  p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(
        ...times,
      ).toFixed(1)} ms; ${Math.round(
        matched / DRY_RUNS,
      )} events matched on average`,
    );
    if (EXPLAIN) await explain(knex, () => store.dryRun(c.make(), 10));
    metrics[`${c.name}_p50_ms`] = {
      value: round(p50, 1),
      unit: 'ms',
      target: null,
      better: 'lower',
    };
    metrics[`${c.name}_p95_ms`] = {
      value: round(p95, 1),
      unit: 'ms',
      target: TARGET_DRY_RUN_MS,
      better: 'lower',
    };
  }
}

/** Prints EXPLAIN (ANALYZE, BUFFERS) of each statement `run` sends. */
async function explain(knex: Knex, run: () => Promise<unknown>) {
  const statements: Array<{ sql: string; bindings: readonly unknown[] }> = [];
  const listener = (data: { sql: string; bindings?: readonly unknown[] }) =>
    statements.push({ sql: data.sql, bindings: data.bindings ?? [] });
  knex.on('query', listener);
  try {
    await run();
  } finally {
    knex.removeListener('query', listener);
  }
  // The statements are in pg's own form ($1, …): sent on a pg connection.
  const connection = await knex.client.acquireConnection();
  try {
    for (const statement of statements) {
      const { rows } = await connection.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.bindings,
      );
      const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']);
      process.stderr.write(
        `${statement.sql.slice(0, 300)}\n  ${plan.join('\n  ')}\n`,
      );
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

// --- helpers -----------------------------------------------------------------

/** Waits until `queue` holds `count` messages. */
async function expectQueued(
  model: ChannelModel,
  queue: string,
  count: number,
  timeoutMs: number,
) {
  const channel = await model.createChannel();
  try {
    let last = -1;
    await until(
      `${queue} to hold ${count} messages`,
      async () => {
        last = (await channel.checkQueue(queue)).messageCount;
        if (last > count) {
          throw new Error(`${queue} holds ${last} messages, expected ${count}`);
        }
        return last === count ? true : undefined;
      },
      timeoutMs,
      50,
    ).catch(error => {
      throw new Error(`${error.message} (it holds ${last})`);
    });
  } finally {
    await channel.close().catch(() => {});
  }
}

/** Deletes a queue (and its messages: persistent ones take disk). */
async function deleteQueue(model: ChannelModel, queue: string) {
  const channel = await model.createChannel();
  await channel.deleteQueue(queue);
  await channel.close();
}

/**
 * Fails (`failed` rejects) when `count` has not moved for `stallMs`;
 * reports progress every 10 s.
 */
function stallGuard(
  what: string,
  count: () => Promise<number>,
  stallMs: number,
  report?: (count: number) => void,
) {
  let last = -1;
  let lastChange = performance.now();
  let lastReport = performance.now();
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const timer = setInterval(async () => {
    const now = performance.now();
    const value = await count().catch(() => last);
    if (value !== last) {
      last = value;
      lastChange = now;
    } else if (now - lastChange > stallMs) {
      fail(
        new Error(
          `${what} stalled: no progress for ${Math.round(
            stallMs / 1000,
          )} s at ${value}`,
        ),
      );
    }
    if (report && now - lastReport > 10_000) {
      lastReport = now;
      report(value);
    }
  }, 1000);
  return { failed, stop: () => clearInterval(timer) };
}

type QueryProfile = Map<string, { count: number; ms: number }>;

/** Time per kind of statement, from knex's query events. */
function profileQueries(knex: Knex) {
  const profile: QueryProfile = new Map();
  const started = new Map<string, { label: string; at: number }>();
  const label = (sql: string) =>
    sql
      .replace(/\s+/g, ' ')
      .replace(/\(\$?\?.*$|values .*$| where .*$/i, '')
      .slice(0, 60);
  const onQuery = (data: { __knexQueryUid: string; sql: string }) => {
    started.set(data.__knexQueryUid, {
      label: label(data.sql),
      at: performance.now(),
    });
  };
  const onEnd = (_: unknown, data: { __knexQueryUid: string }) => {
    const start = started.get(data.__knexQueryUid);
    if (!start) return;
    started.delete(data.__knexQueryUid);
    const entry = profile.get(start.label) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += performance.now() - start.at;
    profile.set(start.label, entry);
  };
  knex.on('query', onQuery);
  knex.on('query-response', onEnd);
  knex.on('query-error', onEnd);
  return {
    stop(): QueryProfile {
      knex.removeListener('query', onQuery);
      knex.removeListener('query-response', onEnd);
      knex.removeListener('query-error', onEnd);
      return profile;
    },
  };
}

function printProfile(profile: QueryProfile) {
  const entries = [...profile.entries()].sort((a, b) => b[1].ms - a[1].ms);
  for (const [statement, { count, ms }] of entries.slice(0, 6)) {
    progress(
      `    ${(ms / 1000).toFixed(1).padStart(6)} s in ${String(count).padStart(
        6,
      )} x ${statement} (${(ms / count).toFixed(2)} ms each)`,
    );
  }
}

type CpuSnapshot = { at: number; seconds: Record<string, number> };

/** CPU seconds used so far by this process, RabbitMQ and Postgres (Linux). */
function cpuSnapshot(): CpuSnapshot {
  const seconds: Record<string, number> = { node: 0, rabbitmq: 0, postgres: 0 };
  const usage = process.cpuUsage();
  seconds.node = (usage.user + usage.system) / 1e6;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks (100 a second on Linux).
      const cpu = (Number(fields[11]) + Number(fields[12])) / 100;
      if (comm === 'beam.smp') seconds.rabbitmq += cpu;
      else if (comm === 'postgres') seconds.postgres += cpu;
    }
  } catch {
    // Not Linux: only this process is reported.
  }
  return { at: performance.now(), seconds };
}

/** CPU used since `before`, in cores (1.0 = one core busy all the time). */
function cpuReport(before: CpuSnapshot, ms: number): string {
  const after = cpuSnapshot();
  return `CPU cores: ${Object.keys(after.seconds)
    .map(
      name =>
        // A process that exited meanwhile takes its time with it.
        `${name} ${Math.max(
          0,
          (after.seconds[name] - before.seconds[name]) / (ms / 1000),
        ).toFixed(2)}`,
    )
    .join(', ')}`;
}

main().catch(error => {
  progress(`bench failed: ${error?.stack ?? error}`);
  process.exit(1);
});
