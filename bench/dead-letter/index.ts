/*
 * Dead-letter capture, replay and list performance against the real broker
 * and Postgres. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import type {
  Channel,
  ChannelModel,
  ConfirmChannel,
  ConsumeMessage,
  Options,
} from 'amqplib';
import knexFactory, { Knex } from 'knex';
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AmqpEnvironment, AmqpEnvironments } from '@internal/amqp-node';
import { DeadLetterMessage } from '@internal/backstage-plugin-dead-letter-common';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import {
  DeadLetterListQuery,
  DeadLetterStore,
} from '../../plugins/dead-letter-backend/src/database/DeadLetterStore';
import { CaptureService } from '../../plugins/dead-letter-backend/src/capture/CaptureService';
import { QueueOwnerIndex } from '../../plugins/dead-letter-backend/src/services/QueueOwnerIndex';
import {
  ReplayWorker,
  replayDestination,
  replayOptions,
} from '../../plugins/dead-letter-backend/src/replay/ReplayWorker';
import { readDeadLetterConfig } from '../../plugins/dead-letter-backend/src/config';
import {
  Metric,
  percentile,
  progress,
  round,
  writeResults,
} from '../lib/results';

const AMQP_URL =
  process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const VHOST = 'portal-bench';
const DATABASE = 'portal_bench';
/** The 1M-row list dataset; kept between runs (loading it takes minutes). */
const LIST_DATABASE = 'portal_bench_list';
const ENVIRONMENT = 'bench';

const CAPTURE_MESSAGES = numberEnv('BENCH_CAPTURE_MESSAGES', 100_000);
const REPLAY_MESSAGES = numberEnv('BENCH_REPLAY_MESSAGES', 20_000);
const LIST_ROWS = numberEnv('BENCH_LIST_ROWS', 1_000_000);
const LIST_RUNS = numberEnv('BENCH_LIST_RUNS', 50);
const PHASES = new Set(
  (process.env.BENCH_PHASES ?? 'capture,replay,list').split(','),
);
const KEEP = process.env.BENCH_KEEP === '1';
/**
 * Reuse the list dataset of an earlier run when it was built the same way
 * ('force': even when not, to try out queries).
 */
const LIST_REUSE = process.env.BENCH_LIST_REUSE !== '0';
const LIST_REUSE_ANY = process.env.BENCH_LIST_REUSE === 'force';

/** The plugin's defaults, so the bench follows them when they change. */
const PLUGIN_DEFAULTS = readDeadLetterConfig(
  new ConfigReader({
    deadLetter: { environments: { [ENVIRONMENT]: { queues: ['x'] } } },
  }),
).environments[0];
/** What ReplayWorker gives its ConfirmPublisher. */
const REPLAY_IN_FLIGHT = 500;

const DLX = 'dead-letters.dlx';
/** Both bound to the DLX: every dead letter lands in each, identically. */
const RAW_DLQ = 'dead-letters.raw';
const CAPTURE_DLQ = 'dead-letters';
const REPLAY_TARGET = 'bench.replay.target';

type SourceQueue = {
  queue: string;
  exchange: string;
  routingKey: string;
  type: string;
  exception: string;
  app: string;
  owner: string;
  /** How RabbitMQ dead-letters its messages: a consumer rejects, or TTL 0. */
  death: 'rejected' | 'expired';
};

const SOURCES: SourceQueue[] = [
  source('orders', 'processing', 'order.placed', 'OrderPlaced', 'rejected'),
  source(
    'payments',
    'settlement',
    'payment.settled',
    'PaymentSettled',
    'rejected',
  ),
  source(
    'cards',
    'authorisation',
    'card.authorised',
    'CardAuthorised',
    'rejected',
  ),
  source('ledger', 'postings', 'ledger.posted', 'EntryPosted', 'expired'),
  source(
    'notifications',
    'email',
    'email.requested',
    'EmailRequested',
    'expired',
  ),
  source('fraud', 'screening', 'fraud.screen', 'ScreeningRequested', 'expired'),
  source('fx', 'quotes', 'fx.quoted', 'QuoteIssued', 'expired'),
];

function source(
  domain: string,
  stage: string,
  routingKey: string,
  event: string,
  death: SourceQueue['death'],
): SourceQueue {
  return {
    queue: `${domain}.${stage}`,
    exchange: `meridian.${domain}`,
    routingKey,
    type: `com.meridian.${domain}.${event}.v2`,
    exception: `${event.replace(/[A-Z][a-z]+$/, '')}ValidationException`,
    app: `${domain}-${stage}-service`,
    owner: `squad-${domain}`,
    death,
  };
}

const logger: LoggerService = {
  error: message => progress(`error: ${message}`),
  warn: message => progress(`warn: ${message}`),
  info: () => {},
  debug: () => {},
  child: () => logger,
};

async function main() {
  const metrics: Record<string, Metric> = {};
  const amqpPhases = PHASES.has('capture') || PHASES.has('replay');
  progress(
    `dead-letter bench: phases ${[...PHASES].join(
      ', ',
    )}; capture ${CAPTURE_MESSAGES}, replay ${REPLAY_MESSAGES}, list ${LIST_ROWS} rows x ${LIST_RUNS} runs`,
  );

  let environment: AmqpEnvironment | undefined;
  let knex: Knex | undefined;
  try {
    if (amqpPhases) {
      knex = await recreateDatabase(DATABASE);
      const store = await openStore(knex);
      recreateVhost();
      environment = AmqpEnvironment.create({
        name: ENVIRONMENT,
        url: vhostUrl(),
        logger,
      });
      environment.start();
      await environment.whenConnected(10_000);
      await benchCapture(environment, store, knex, metrics);
      if (PHASES.has('replay')) {
        await benchReplay(environment, store, knex, metrics);
      }
    }
    if (PHASES.has('list')) {
      await benchList(metrics);
    }
  } finally {
    await environment?.stop();
    await knex?.destroy();
    if (!KEEP && amqpPhases) {
      await dropDatabase(DATABASE);
      rabbitmqctl(['delete_vhost', VHOST], true);
    }
  }

  const file = writeResults('dead-letter', metrics);
  progress(`results written to ${file}`);
  printTable(metrics);
}

// --- capture -----------------------------------------------------------------

async function benchCapture(
  environment: AmqpEnvironment,
  store: DeadLetterStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  const model = await connect(vhostUrl());
  watchModel(model);
  try {
    await declareTopology(model);
    await fillDeadLetterQueues(model, CAPTURE_MESSAGES);

    progress(
      `raw amqplib consume of ${CAPTURE_MESSAGES} (prefetch ${PLUGIN_DEFAULTS.prefetch}, ack every ${PLUGIN_DEFAULTS.batchSize})`,
    );
    const rawMs = await rawConsume(
      model,
      RAW_DLQ,
      CAPTURE_MESSAGES,
      PLUGIN_DEFAULTS.prefetch,
      PLUGIN_DEFAULTS.batchSize,
    );
    const rawRate = CAPTURE_MESSAGES / (rawMs / 1000);
    progress(
      `  raw consume: ${Math.round(rawRate)} msg/s (${rawMs.toFixed(0)} ms)`,
    );

    progress(
      `CaptureService draining ${CAPTURE_MESSAGES} into Postgres (prefetch ${PLUGIN_DEFAULTS.prefetch}, batch ${PLUGIN_DEFAULTS.batchSize})`,
    );
    const owners = await ownerIndex();
    const capture = CaptureService.create({
      queues: [
        {
          environment,
          queue: CAPTURE_DLQ,
          prefetch: PLUGIN_DEFAULTS.prefetch,
          batchSize: PLUGIN_DEFAULTS.batchSize,
          flushIntervalMs: 50,
        },
      ],
      store,
      owners,
      logger,
    });
    const watch = watchConnection(environment);
    const started = performance.now();
    capture.start();
    let captured = 0;
    let lastReport = started;
    while (captured < CAPTURE_MESSAGES) {
      await sleep(10);
      watch.check();
      captured = capture.status()[0].captured;
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        progress(`  captured ${captured}`);
      }
    }
    const captureMs = performance.now() - started;
    await capture.stop();
    watch.check();
    watch.stop();
    const stored = await countRows(knex);
    if (stored !== CAPTURE_MESSAGES) {
      throw new Error(`expected ${CAPTURE_MESSAGES} stored, found ${stored}`);
    }
    const captureRate = CAPTURE_MESSAGES / (captureMs / 1000);
    progress(
      `  capture: ${Math.round(captureRate)} msg/s (${captureMs.toFixed(
        0,
      )} ms)`,
    );

    metrics.capture_rate = {
      value: round(captureRate, 0),
      unit: 'msg/s',
      target: 5000,
      better: 'higher',
    };
    metrics.raw_consume_rate = {
      value: round(rawRate, 0),
      unit: 'msg/s',
      target: null,
      better: 'higher',
    };
    metrics.capture_vs_raw = {
      value: round(captureRate / rawRate, 3),
      unit: 'ratio',
      target: 0.8,
      better: 'higher',
    };

    if (store.searchIndexed) {
      // Capture leaves search indexing to the background; how fast it
      // catches up decides how long fresh dead letters are searched by scan.
      const backlog = await store.searchBacklog();
      progress(
        `search indexing of the ${backlog} captured messages (15 s at most)`,
      );
      const indexStarted = performance.now();
      let indexed = 0;
      while (performance.now() - indexStarted < 15_000) {
        const taken = await store.indexSearchBacklog(1000);
        indexed += taken;
        if (taken < 1000) break;
      }
      const indexRate = indexed / ((performance.now() - indexStarted) / 1000);
      progress(`  indexed ${indexed}: ${Math.round(indexRate)} msg/s`);
      metrics.search_index_rate = {
        value: round(indexRate, 0),
        unit: 'msg/s',
        target: null,
        better: 'higher',
      };
    }
  } finally {
    await closeModel(model);
  }
}

async function declareTopology(model: ChannelModel) {
  const channel = await model.createChannel();
  await channel.assertExchange(DLX, 'fanout', { durable: true });
  for (const queue of [RAW_DLQ, CAPTURE_DLQ]) {
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, DLX, '');
  }
  for (const s of SOURCES) {
    await channel.assertExchange(s.exchange, 'topic', { durable: true });
    await channel.assertQueue(s.queue, {
      durable: true,
      deadLetterExchange: DLX,
      // Expires on arrival: RabbitMQ dead-letters it with reason 'expired'.
      ...(s.death === 'expired' ? { messageTtl: 0 } : {}),
    });
    await channel.bindQueue(s.queue, s.exchange, s.routingKey);
  }
  await channel.assertQueue(REPLAY_TARGET, { durable: true });
  await channel.close();
}

/**
 * Publishes `total` application messages; the broker dead-letters every one
 * of them (rejected by a consumer, or expired) into both dead-letter queues.
 */
async function fillDeadLetterQueues(model: ChannelModel, total: number) {
  progress(`filling the dead-letter queues with ${total} real dead letters`);
  const rejecters: Channel[] = [];
  for (const s of SOURCES.filter(q => q.death === 'rejected')) {
    const channel = await model.createChannel();
    await channel.prefetch(1000);
    await channel.consume(s.queue, message => {
      if (message) {
        channel.nack(message, false, false);
      }
    });
    rejecters.push(channel);
  }

  const publisher = await model.createConfirmChannel();
  const started = performance.now();
  await publishConfirmed(publisher, total, 2000, i => {
    const s = SOURCES[i % SOURCES.length];
    const messageId = randomUUID();
    return {
      exchange: s.exchange,
      routingKey: s.routingKey,
      content: Buffer.from(applicationBody(i, s, messageId)),
      options: {
        persistent: true,
        contentType: 'application/json',
        messageId,
        correlationId: randomUUID(),
        type: s.type,
        appId: s.app,
        timestamp: Math.floor(Date.now() / 1000),
        headers: applicationHeaders(i, s),
      },
    };
  });
  await publisher.close();

  const check = await model.createChannel();
  for (;;) {
    const raw = (await check.checkQueue(RAW_DLQ)).messageCount;
    const captureQueue = (await check.checkQueue(CAPTURE_DLQ)).messageCount;
    if (raw >= total && captureQueue >= total) break;
    await sleep(250);
  }
  await check.close();
  for (const channel of rejecters) {
    await channel.close();
  }
  progress(
    `  ${total} dead letters in each DLQ after ${(
      (performance.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
}

/** The natural limit: consume and ack, nothing else. */
async function rawConsume(
  model: ChannelModel,
  queue: string,
  total: number,
  prefetch: number,
  ackEvery: number,
): Promise<number> {
  const channel = await model.createChannel();
  await channel.prefetch(prefetch);
  let received = 0;
  let unacked = 0;
  const started = performance.now();
  let finished = 0;
  await new Promise<void>((resolve, reject) => {
    channel.on('error', reject);
    channel
      .consume(queue, (message: ConsumeMessage | null) => {
        if (!message) return;
        received += 1;
        unacked += 1;
        if (unacked >= ackEvery || received === total) {
          channel.ack(message, true);
          unacked = 0;
        }
        if (received === total) {
          finished = performance.now();
          resolve();
        }
      })
      .catch(reject);
  });
  await channel.close();
  return finished - started;
}

/** Components declaring the source queues, so capture maps owners as in production. */
async function ownerIndex(): Promise<QueueOwnerIndex> {
  const entities = SOURCES.map(s => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: s.app,
      namespace: 'default',
      annotations: { [RABBITMQ_QUEUES_ANNOTATION]: s.queue },
    },
    spec: { type: 'service', lifecycle: 'production', owner: s.owner },
  }));
  const index = QueueOwnerIndex.create({
    catalog: {
      getEntitiesByRefs: async () => ({ items: entities }),
    } as any,
    auth: { getOwnServiceCredentials: async () => ({}) } as any,
    logger,
    registry: mockQueueRegistry.fromEntities(entities),
  });
  await index.refresh();
  return index;
}

// --- replay ------------------------------------------------------------------

async function benchReplay(
  environment: AmqpEnvironment,
  store: DeadLetterStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  const rows: Array<{ id: string }> = await knex('dead_letter_messages')
    .select('id')
    .where({ environment: ENVIRONMENT, state: 'unresolved' })
    .orderBy('captured_at')
    .limit(REPLAY_MESSAGES);
  const ids = rows.map(r => r.id);
  const target = { kind: 'queue' as const, queue: REPLAY_TARGET };
  const job = await store.replayJobs().createJob({
    environment: ENVIRONMENT,
    createdBy: 'user:default/bench',
    target,
    ids,
  });
  if (job.total !== ids.length) {
    throw new Error(
      `replay job has ${job.total} items, expected ${ids.length}`,
    );
  }

  // The same messages as the job publishes, built the same way, beforehand.
  progress(`loading the ${ids.length} messages of the replay job`);
  const messages: DeadLetterMessage[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    messages.push(
      ...((await Promise.all(
        ids.slice(i, i + 500).map(id => store.get(id)),
      )) as DeadLetterMessage[]),
    );
  }
  const publishes = messages.map(message => ({
    ...replayDestination(message, target),
    content: Buffer.from(message.bodyBase64, 'base64'),
    options: {
      ...replayOptions(message, job.id),
      mandatory: true,
      persistent: true,
    } as Options.Publish,
  }));

  const model = await connect(vhostUrl());
  watchModel(model);
  try {
    progress(
      `raw amqplib confirm-channel publish of ${ids.length} (${REPLAY_IN_FLIGHT} in flight)`,
    );
    const confirmChannel = await model.createConfirmChannel();
    const rawMs = await publishConfirmed(
      confirmChannel,
      publishes.length,
      REPLAY_IN_FLIGHT,
      i => publishes[i],
    );
    await confirmChannel.close();
    await expectQueued(model, REPLAY_TARGET, ids.length, true);
    const rawRate = ids.length / (rawMs / 1000);
    progress(`  raw publish: ${Math.round(rawRate)} msg/s`);

    progress(
      `ConfirmPublisher publish of ${ids.length} (${REPLAY_IN_FLIGHT} in flight)`,
    );
    const publisher = environment.publisher({ maxInFlight: REPLAY_IN_FLIGHT });
    const libraryStarted = performance.now();
    await Promise.all(
      publishes.map(p =>
        publisher.publish({
          exchange: p.exchange,
          routingKey: p.routingKey,
          content: p.content,
          options: p.options,
        }),
      ),
    );
    const libraryMs = performance.now() - libraryStarted;
    await expectQueued(model, REPLAY_TARGET, ids.length, true);
    const libraryRate = ids.length / (libraryMs / 1000);
    progress(`  ConfirmPublisher: ${Math.round(libraryRate)} msg/s`);

    progress(`ReplayWorker.runOnce() on a job of ${ids.length}, no rate limit`);
    const amqp: AmqpEnvironments = {
      get: name => (name === ENVIRONMENT ? environment : undefined),
      list: () => [environment],
    };
    const watch = watchConnection(environment);
    const worker = new ReplayWorker({
      store,
      amqp,
      logger,
      environments: [ENVIRONMENT],
      maxReplayCount: 5,
    });
    const replayStarted = performance.now();
    const ran = await worker.runOnce();
    const replayMs = performance.now() - replayStarted;
    watch.check();
    watch.stop();
    const done = await store.replayJobs().getJob(job.id);
    if (
      ran !== job.id ||
      done?.state !== 'completed' ||
      done.confirmed !== ids.length
    ) {
      throw new Error(`replay job did not complete: ${JSON.stringify(done)}`);
    }
    await expectQueued(model, REPLAY_TARGET, ids.length, true);
    const replayRate = ids.length / (replayMs / 1000);
    progress(
      `  replay: ${Math.round(replayRate)} msg/s (${replayMs.toFixed(0)} ms)`,
    );

    metrics.replay_rate = {
      value: round(replayRate, 0),
      unit: 'msg/s',
      target: null,
      better: 'higher',
    };
    metrics.raw_publish_confirm_rate = {
      value: round(rawRate, 0),
      unit: 'msg/s',
      target: null,
      better: 'higher',
    };
    metrics.confirm_publisher_rate = {
      value: round(libraryRate, 0),
      unit: 'msg/s',
      target: null,
      better: 'higher',
    };
    metrics.replay_vs_raw = {
      value: round(replayRate / rawRate, 3),
      unit: 'ratio',
      target: 0.8,
      better: 'higher',
    };
  } finally {
    await closeModel(model);
  }
}

/** Waits until `queue` holds `count` messages, then optionally purges it. */
async function expectQueued(
  model: ChannelModel,
  queue: string,
  count: number,
  purge: boolean,
) {
  const channel = await model.createChannel();
  for (let attempt = 0; ; attempt++) {
    const { messageCount } = await channel.checkQueue(queue);
    if (messageCount === count) break;
    if (attempt > 200) {
      throw new Error(`${queue} holds ${messageCount}, expected ${count}`);
    }
    await sleep(50);
  }
  if (purge) {
    await channel.purgeQueue(queue);
  }
  await channel.close();
}

type Publish = {
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
};

/** Publishes with at most `window` unconfirmed; resolves after the last confirm. */
async function publishConfirmed(
  channel: ConfirmChannel,
  total: number,
  window: number,
  make: (i: number) => Publish,
): Promise<number> {
  const started = performance.now();
  let inFlight = 0;
  let failed: Error | undefined;
  let wake: () => void = () => {};
  const waitForSlot = () => new Promise<void>(resolve => (wake = resolve));
  let writable = true;
  channel.on('drain', () => {
    writable = true;
    wake();
  });
  channel.on('return', () => {
    failed = new Error('a benchmark message was unroutable');
  });
  for (let i = 0; i < total; i++) {
    while (inFlight >= window || !writable) {
      await waitForSlot();
    }
    if (failed) throw failed;
    const p = make(i);
    inFlight += 1;
    writable = channel.publish(
      p.exchange,
      p.routingKey,
      p.content,
      p.options,
      error => {
        inFlight -= 1;
        if (error)
          failed = error instanceof Error ? error : new Error(String(error));
        wake();
      },
    );
  }
  while (inFlight > 0) {
    await waitForSlot();
  }
  if (failed) throw failed;
  return performance.now() - started;
}

// --- list, filter, search ------------------------------------------------------

async function benchList(metrics: Record<string, Metric>) {
  const fingerprint = listFingerprint();
  let knex: Knex | undefined;
  if (LIST_REUSE && (await databaseExists(LIST_DATABASE))) {
    knex = connectTo(LIST_DATABASE);
    const stored = await knex
      .raw('SELECT value FROM bench_fingerprint')
      .then(r => r.rows[0]?.value as string | undefined)
      .catch(() => undefined);
    if (stored === fingerprint || (stored && LIST_REUSE_ANY)) {
      progress(
        `reusing the ${LIST_ROWS}-row dataset in database ${LIST_DATABASE} (BENCH_LIST_REUSE=0 reloads it)`,
      );
    } else {
      await knex.destroy();
      knex = undefined;
    }
  }
  const reused = knex !== undefined;
  knex ??= await recreateDatabase(LIST_DATABASE);
  try {
    const store = await openStore(knex);
    if (!reused) {
      const loadStarted = performance.now();
      await bulkLoad(knex, store, LIST_ROWS);
      await knex.raw('CREATE TABLE bench_fingerprint (value text)');
      await knex.raw('INSERT INTO bench_fingerprint VALUES (?)', [fingerprint]);
      progress(
        `  loaded in ${((performance.now() - loadStarted) / 1000).toFixed(
          0,
        )} s; kept as ${LIST_DATABASE} for the next run`,
      );
    }
    await measureList(knex, store, metrics);
  } finally {
    await knex.destroy();
  }
}

/**
 * What the list dataset depends on: the generator, the schema and the
 * search document. A change to any of them reloads it.
 */
function listFingerprint(): string {
  const migrations = path.resolve(
    __dirname,
    '../../plugins/dead-letter-backend/migrations',
  );
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([
      LIST_ROWS,
      INSERT_SQL,
      WORDS,
      CITIES,
      SQUADS,
      DOMAINS,
      STAGES,
      EVENTS,
      RARE_WORD,
      DeadLetterStore.prototype.indexSearchBacklog.toString(),
      bulkLoad.toString(),
    ]),
  );
  for (const file of fs.readdirSync(migrations).sort()) {
    hash.update(file);
    hash.update(fs.readFileSync(path.join(migrations, file)));
  }
  return hash.digest('hex');
}

async function measureList(
  knex: Knex,
  store: DeadLetterStore,
  metrics: Record<string, Metric>,
) {
  // Filter values of typical size: the median owner and queue of 'prod'.
  const median = async (column: string): Promise<string> => {
    const rows = (await knex('dead_letter_messages')
      .select(`${column} as value`)
      .count('* as n')
      .where('environment', 'prod')
      .whereNotNull(column)
      .groupBy(column)
      .orderBy('n', 'desc')) as Array<{ value: string; n: string }>;
    const row = rows[Math.floor(rows.length / 2)];
    progress(`  median ${column}: ${row.value} (${row.n} rows in prod)`);
    return row.value;
  };
  const owner = await median('owner_ref');
  const queue = await median('source_queue');
  const firstPage = await store.list({ environment: 'prod', limit: 50 });

  const cases: Array<{
    name: string;
    target: number;
    query: DeadLetterListQuery;
  }> = [
    {
      name: 'list_env',
      target: 100,
      query: { environment: 'prod', limit: 50 },
    },
    {
      name: 'list_squad',
      target: 100,
      query: {
        environment: 'prod',
        ownerRefs: [owner],
        states: ['unresolved'],
        limit: 50,
      },
    },
    {
      name: 'list_env_state_queue',
      target: 100,
      query: {
        environment: 'prod',
        states: ['unresolved'],
        sourceQueue: queue,
        limit: 50,
      },
    },
    {
      name: 'list_page2',
      target: 100,
      query: { environment: 'prod', limit: 50, cursor: firstPage.nextCursor },
    },
    {
      name: 'search_hit',
      target: 300,
      query: { environment: 'prod', text: RARE_WORD, limit: 50 },
    },
    {
      name: 'search_miss',
      target: 300,
      query: { environment: 'prod', text: ABSENT_WORD, limit: 50 },
    },
    {
      name: 'search_common',
      target: 300,
      query: { environment: 'prod', text: COMMON_WORD, limit: 50 },
    },
  ];

  for (const c of cases) {
    const first = await store.list(c.query);
    for (let i = 0; i < 2; i++) await store.list(c.query);
    const times: number[] = [];
    for (let i = 0; i < LIST_RUNS; i++) {
      const started = performance.now();
      await store.list(c.query);
      times.push(performance.now() - started);
    }
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    progress(
      `  ${c.name}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${
        first.items.length
      } items, totalEstimate ${first.totalEstimate ?? '-'}${
        first.totalCapped ? '+' : ''
      }, next page: ${first.nextCursor ? 'yes' : 'no'})`,
    );
    metrics[`${c.name}_p50_ms`] = {
      value: round(p50, 1),
      unit: 'ms',
      target: null,
      better: 'lower',
    };
    metrics[`${c.name}_p95_ms`] = {
      value: round(p95, 1),
      unit: 'ms',
      target: c.target,
      better: 'lower',
    };
  }
}

/** Present in a few hundred bodies (as a city). */
const RARE_WORD = 'ouagadougou';
/** Present in no row. */
const ABSENT_WORD = 'kilimanjaro';
/** Present in a large share of the rows (a word of the vocabulary, a queue name). */
const COMMON_WORD = 'settlement';

/**
 * Loads `total` rows shaped like captured dead letters with SQL alone
 * (minutes faster than through the store): secondary indexes are dropped
 * first and rebuilt afterwards, as they would be after a restore.
 */
async function bulkLoad(knex: Knex, store: DeadLetterStore, total: number) {
  progress(`bulk-loading ${total} rows`);
  const tables = ['dead_letter_messages', 'dead_letter_search'];
  const indexes: Array<{ indexname: string; indexdef: string }> = (
    await knex.raw(
      `SELECT indexname, indexdef FROM pg_indexes
       WHERE tablename = ANY(?)
         AND indexname NOT IN (SELECT conname FROM pg_constraint)
       ORDER BY indexdef LIKE '%USING gin%' DESC, indexname`,
      [tables],
    )
  ).rows;
  for (const index of indexes) {
    await knex.raw(`DROP INDEX ${quoteIdent(index.indexname)}`);
  }

  // A random word per call; inlined by the planner, evaluated per row.
  await knex.raw(
    `CREATE OR REPLACE FUNCTION bench_word() RETURNS text LANGUAGE sql VOLATILE AS $$
       SELECT (ARRAY[${WORDS.map(w => `'${w}'`).join(
         ',',
       )}])[1 + floor(random() * ${WORDS.length})::int] $$`,
  );

  const chunk = 50_000;
  let next = 1;
  let loaded = 0;
  const worker = async () => {
    while (next <= total) {
      const from = next;
      const to = Math.min(total, from + chunk - 1);
      next = to + 1;
      await knex.raw(INSERT_SQL, {
        from,
        to,
        words: WORDS,
        cities: CITIES,
        squads: SQUADS,
        domains: DOMAINS,
        stages: STAGES,
        events: EVENTS,
        rare: RARE_WORD,
      });
      loaded += to - from + 1;
      if (loaded % 200_000 === 0 || loaded === total) {
        progress(`  ${loaded} rows inserted`);
      }
    }
  };
  await Promise.all([worker(), worker()]);

  await knex.raw('DROP FUNCTION bench_word()');

  if (store.searchIndexed) {
    // Through the store's own indexing statement, all at once.
    await knex.raw(
      'INSERT INTO dead_letter_search_backlog SELECT id FROM dead_letter_messages',
    );
    const indexed = await store.indexSearchBacklog(total);
    progress(`  ${indexed} search documents written`);
  } else {
    progress('  no search index (pg_trgm not available): search scans');
  }

  // The GIN index takes longest: it goes first, the others beside it.
  progress(`  rebuilding ${indexes.length} indexes`);
  const queue = [...indexes];
  const builder = async () => {
    for (let index = queue.shift(); index; index = queue.shift()) {
      const started = performance.now();
      await knex.transaction(async tx => {
        // A GIN build dumps its accumulated entries whenever this fills up.
        const memory = index.indexdef.includes('USING gin') ? '2GB' : '512MB';
        await tx.raw(`SET LOCAL maintenance_work_mem = '${memory}'`);
        await tx.raw(index.indexdef);
      });
      progress(
        `    ${index.indexname}: ${(
          (performance.now() - started) /
          1000
        ).toFixed(1)} s`,
      );
    }
  };
  await Promise.all([builder(), builder()]);
  progress('  VACUUM ANALYZE');
  await knex.raw('VACUUM ANALYZE dead_letter_messages');
  if (store.searchIndexed) {
    await knex.raw('VACUUM ANALYZE dead_letter_search');
    await knex.raw('VACUUM ANALYZE dead_letter_search_backlog');
  }
  const { rows } = await knex.raw(
    `SELECT pg_size_pretty(pg_database_size(current_database())) AS total,
            (SELECT avg(body_size)::int FROM dead_letter_messages) AS body`,
  );
  progress(`  database ${rows[0].total}, average body ${rows[0].body} bytes`);
}

const DOMAINS = [
  'orders',
  'payments',
  'accounts',
  'cards',
  'loans',
  'fraud',
  'kyc',
  'ledger',
  'notifications',
  'statements',
  'transfers',
  'fx',
  'treasury',
  'onboarding',
];
const STAGES = ['processing', 'settlement', 'audit', 'events', 'commands'];
const EVENTS = [
  'Created',
  'Updated',
  'Cancelled',
  'Approved',
  'Rejected',
  'Settled',
  'Reversed',
  'Expired',
  'Opened',
  'Closed',
  'Flagged',
  'Cleared',
  'Posted',
  'Requested',
  'Confirmed',
  'Failed',
  'Scheduled',
  'Archived',
  'Verified',
  'Renewed',
];
const SQUADS = [
  'aura',
  'borealis',
  'cobalt',
  'delta',
  'ember',
  'fjord',
  'granite',
  'harbor',
  'indigo',
  'juniper',
  'kestrel',
  'lumen',
  'meridian',
  'nimbus',
  'onyx',
  'pulsar',
  'quartz',
  'raven',
  'sierra',
  'tundra',
  'umber',
  'vega',
  'willow',
  'xenon',
  'yarrow',
  'zephyr',
  'atlas',
  'beacon',
  'cascade',
  'drift',
];
const CITIES = [
  'london',
  'dublin',
  'amsterdam',
  'lisbon',
  'madrid',
  'paris',
  'berlin',
  'warsaw',
  'prague',
  'vienna',
  'milan',
  'zurich',
  'oslo',
  'stockholm',
  'helsinki',
  'copenhagen',
  'brussels',
  'luxembourg',
  'edinburgh',
  'cardiff',
];
const WORDS = `account active address adjustment advice agent alert allocation
amount analysis annual approval archive asset audit authority balance bank
basket batch beneficiary billing bond branch broker budget bulk business
calendar campaign cancel capital card carrier cash category channel charge
check claim clearing client closing code collateral commission company
compliance confirm contract control corporate correction cost counter
country coupon credit currency customer daily data date deadline debit
default delivery deposit desk detail device digital direct discount dispute
document domestic draft due duplicate early entry equity error escrow
estimate exchange expense export external facility factor fee file filing
final finance fixed flag foreign forward fraud fund future gateway general
global gross group guarantee hedge history hold holiday identity import
income index instant instruction insurance interest internal invoice issue
journal key label late ledger legal lending letter level limit line liquidity
loan local lock loyalty maintenance manual margin market master maturity
member merchant method mobile monthly mortgage net network notice number
offer office online open operation option order origin outbound overdraft
owner partner party payee payment payroll pending period personal plan
platform policy pool portfolio position premium price primary priority
product profile quarter quota quote rate receipt reconciliation record
recurring reference refund region register regular rejection release
remittance renewal report request reserve retail return review reward risk
routing rule salary savings schedule score screening sector secure segment
service session settlement share signature single source spread standard
statement status sterling stock store structured summary supplier support
swap system target tax teller term terminal threshold ticket token trade
transaction transfer treasury trust unit update usage user valuation value
vendor verification virtual volume wallet warning wholesale window wire
withdrawal yield`
  .split(/\s+/)
  .filter(Boolean);

/**
 * One chunk of bulk-loaded rows. Each level of the query adds what depends
 * on the level below: random draws, then names, then the JSON texts.
 * Queues are skewed (a few noisy ones), ~10% of queues have no owner, most
 * messages are unresolved, captured over the last 30 days.
 */
const INSERT_SQL = `
INSERT INTO dead_letter_messages (
  id, environment, dead_letter_queue, source_queue, reason, original_exchange,
  original_routing_keys, message_id, message_type, exception_type,
  content_type, body, body_size, body_encoding, body_text, headers,
  properties, death_history, first_death_at, last_death_at, captured_at,
  content_hash, group_fingerprint, state, state_changed_at, component_ref,
  owner_ref, replay_count, resolved_at)
SELECT
  gen_random_uuid(), env, 'dead-letters', queue, reason, exchange,
  '["' || routing_key || '"]', message_id, message_type, exception_type,
  'application/json', convert_to(body, 'UTF8'), octet_length(body), 'json',
  body, headers, properties, death_history, died_at, died_at, captured_at,
  encode(sha256(convert_to(body, 'UTF8')), 'hex'),
  encode(sha256(convert_to(concat_ws('|', env, queue, reason, message_type, exception_type), 'UTF8')), 'hex'),
  state, captured_at + interval '1 hour' * (state <> 'unresolved')::int,
  component_ref, owner_ref, replay_count,
  CASE WHEN state IN ('replayed', 'discarded') THEN captured_at + interval '1 hour' END
FROM (
  SELECT n.*,
    format('{"eventId":"%s","eventType":"%s","occurredAt":"%s","producer":"%s","tenant":"meridian-%s","correlationId":"%s","customer":{"id":"CUST-%s","name":"%s %s","email":"%s.%s@example.com","segment":"%s","riskScore":%s,"address":{"street":"%s %s Street","city":"%s","postcode":"%s","country":"%s"}},"order":{"id":"ORD-%s","currency":"%s","total":%s,"channel":"%s","lines":[{"sku":"SKU-%s","description":"%s %s %s","quantity":%s,"unitPrice":%s},{"sku":"SKU-%s","description":"%s %s %s","quantity":%s,"unitPrice":%s},{"sku":"SKU-%s","description":"%s %s","quantity":%s,"unitPrice":%s}]},"payment":{"method":"%s","reference":"PAY-%s","status":"%s"},"note":"%s %s %s %s %s %s %s %s %s %s %s %s","trace":{"traceId":"%s","spanId":"%s"}}',
      message_id, message_type, to_char(died_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      app, bench_word(), correlation_id, g * 7 % 900001, initcap(bench_word()), initcap(bench_word()), bench_word(), bench_word(), bench_word(), g % 100,
      g % 400 + 1, initcap(bench_word()),
      CASE WHEN g % 3000 = 7 THEN :rare ELSE (:cities::text[])[1 + g % 20] END,
      lpad((g % 99999)::text, 5, '0'), (ARRAY['GB','IE','NL','PT','ES','FR','DE'])[1 + g % 7],
      g, (ARRAY['EUR','GBP','USD','CHF'])[1 + g % 4], round((g % 100000) / 7.0, 2), bench_word(),
      g % 50000, bench_word(), bench_word(), bench_word(), 1 + g % 9, round((g % 5000) / 3.0, 2),
      g % 70000, bench_word(), bench_word(), bench_word(), 1 + g % 4, round((g % 3000) / 7.0, 2),
      g % 90000, bench_word(), bench_word(), 1 + g % 3, round((g % 9000) / 11.0, 2),
      bench_word(), substr(md5(message_id), 1, 12), bench_word(),
      bench_word(), bench_word(), bench_word(), bench_word(), bench_word(), bench_word(), bench_word(), bench_word(), bench_word(), bench_word(), bench_word(), bench_word(),
      md5(correlation_id), substr(md5(message_id), 1, 16)
    ) AS body,
    format('{"traceparent":"00-%s-%s-01","x-correlation-id":"%s","x-death":[{"count":1,"exchange":"%s","queue":"%s","reason":"%s","routing-keys":["%s"],"time":{"!":"timestamp","value":%s}}],"x-exception-message":"%s %s failed: %s %s is not valid","x-exception-stacktrace":"%s\\n  at com.meridian.%s.%sHandler.handle(%sHandler.java:%s)\\n  at com.meridian.messaging.Dispatcher.dispatch(Dispatcher.java:212)\\n  at com.meridian.messaging.Consumer.onMessage(Consumer.java:88)","x-exception-type":"%s","x-first-death-exchange":"%s","x-first-death-queue":"%s","x-first-death-reason":"%s","x-retry-count":%s,"x-tenant":"meridian"}',
      md5(correlation_id), substr(md5(message_id), 1, 16), correlation_id,
      exchange, queue, reason, routing_key, extract(epoch FROM died_at)::bigint,
      initcap(domain), initcap(bench_word()), bench_word(), bench_word(),
      exception_type, domain, initcap(domain), initcap(domain), 40 + g % 400,
      exception_type, exchange, queue, reason, g % 4
    ) AS headers,
    format('{"appId":"%s","contentType":"application/json","correlationId":"%s","deliveryMode":2,"messageId":"%s","timestamp":{"!":"timestamp","value":%s},"type":"%s"}',
      app, correlation_id, message_id, extract(epoch FROM died_at)::bigint, message_type
    ) AS properties,
    format('[{"queue":"%s","reason":"%s","count":1,"time":"%s","exchange":"%s","routingKeys":["%s"]}]',
      queue, reason, to_char(died_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      exchange, routing_key
    ) AS death_history
  FROM (
    SELECT r.*,
      domain || '.' || stage AS queue,
      'meridian.' || domain AS exchange,
      domain || '.' || lower(event) AS routing_key,
      domain || '-' || stage || '-service' AS app,
      'com.meridian.' || domain || '.' || event || '.v' || version AS message_type,
      initcap((:words::text[])[1 + exception_word]) || (ARRAY['Validation','Timeout','Conflict','NotFound','Mapping'])[1 + exception_kind] || 'Exception' AS exception_type,
      CASE WHEN q % 10 = 9 THEN NULL ELSE 'component:default/' || domain || '-' || stage || '-service' END AS component_ref,
      CASE WHEN q % 10 = 9 THEN NULL ELSE 'group:default/squad-' || (:squads::text[])[1 + q % 30] END AS owner_ref,
      captured_at - interval '1 second' * (1 + g % 30) AS died_at
    FROM (
      SELECT g,
        CASE WHEN g % 5 < 3 THEN 'prod' ELSE 'dev' END AS env,
        q,
        (:domains::text[])[1 + q % 14] AS domain,
        (:stages::text[])[1 + q / 14] AS stage,
        (:events::text[])[1 + floor(random() * 20)::int] AS event,
        1 + floor(random() * 2)::int AS version,
        floor(random() * 60)::int AS exception_word,
        floor(random() * 5)::int AS exception_kind,
        CASE WHEN s < 0.80 THEN 'rejected' WHEN s < 0.92 THEN 'expired'
             WHEN s < 0.97 THEN 'maxlen' ELSE 'delivery_limit' END AS reason,
        CASE WHEN t < 0.85 THEN 'unresolved' WHEN t < 0.93 THEN 'replayed'
             WHEN t < 0.98 THEN 'discarded' ELSE 'replaying' END AS state,
        (random() < 0.05)::int AS replay_count,
        now() - interval '30 days' * random() AS captured_at,
        gen_random_uuid()::text AS message_id,
        gen_random_uuid()::text AS correlation_id
      FROM (
        SELECT g, floor(70 * power(random(), 2.2))::int AS q,
               random() AS s, random() AS t
        FROM generate_series(:from::int, :to::int) g
      ) draws
    ) r
  ) n
) texts`;

// --- setup ----------------------------------------------------------------

/**
 * Fails the measurement when the broker connection dropped meanwhile (a
 * broker restart, e.g. by a resilience test on the same machine): the figure
 * would be meaningless.
 */
function watchConnection(environment: AmqpEnvironment) {
  let lost: string | undefined;
  const stop = environment.onStatusChange(status => {
    if (status.state !== 'connected') {
      lost ??= status.lastError ?? status.state;
    }
  });
  return {
    check() {
      if (lost) {
        throw new Error(
          `the broker connection was lost during the measurement (${lost}); run the bench again`,
        );
      }
    },
    stop,
  };
}

/** The same for a plain amqplib connection: a lost one voids the run. */
function watchModel(model: ChannelModel) {
  model.on('error', () => {});
  model.on('close', () => {
    if (!closing.has(model)) {
      progress('the broker closed a bench connection; run the bench again');
      process.exit(2);
    }
  });
}
const closing = new WeakSet<ChannelModel>();

async function closeModel(model: ChannelModel) {
  closing.add(model);
  await model.close().catch(() => {});
}

function vhostUrl() {
  return `${AMQP_URL.replace(/\/$/, '')}/${encodeURIComponent(VHOST)}`;
}

function rabbitmqctl(args: string[], ignoreFailure = false) {
  try {
    execFileSync('rabbitmqctl', ['-q', ...args], { stdio: 'pipe' });
  } catch (error) {
    if (!ignoreFailure) {
      throw new Error(
        `rabbitmqctl ${args.join(
          ' ',
        )} failed (the bench needs rabbitmqctl, as root): ${error}`,
      );
    }
  }
}

function recreateVhost() {
  progress(`recreating vhost ${VHOST}`);
  rabbitmqctl(['delete_vhost', VHOST], true);
  rabbitmqctl(['add_vhost', VHOST]);
  rabbitmqctl(['set_permissions', '-p', VHOST, 'guest', '.*', '.*', '.*']);
}

function connectTo(database: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: `${POSTGRES_URL.replace(/\/$/, '')}/${database}`,
    pool: { min: 0, max: 10 },
  });
}

async function openStore(knex: Knex): Promise<DeadLetterStore> {
  return DeadLetterStore.create({
    database: {
      getClient: async () => knex,
      migrations: { skip: false },
    } as DatabaseService,
  });
}

async function databaseExists(database: string): Promise<boolean> {
  const admin = adminKnex();
  try {
    const { rows } = await admin.raw(
      'SELECT 1 FROM pg_database WHERE datname = ?',
      [database],
    );
    return rows.length > 0;
  } finally {
    await admin.destroy();
  }
}

function adminKnex() {
  return knexFactory({
    client: 'pg',
    connection: `${POSTGRES_URL.replace(/\/$/, '')}/postgres`,
    pool: { min: 0, max: 1 },
  });
}

async function recreateDatabase(database: string): Promise<Knex> {
  progress(`recreating database ${database}`);
  await dropDatabase(database);
  const admin = adminKnex();
  try {
    await admin.raw(`CREATE DATABASE ${quoteIdent(database)}`);
  } finally {
    await admin.destroy();
  }
  return connectTo(database);
}

async function dropDatabase(database: string) {
  const admin = adminKnex();
  try {
    await admin.raw(
      `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`,
    );
  } finally {
    await admin.destroy();
  }
}

async function countRows(knex: Knex): Promise<number> {
  const [{ n }] = await knex('dead_letter_messages').count('* as n');
  return Number(n);
}

// --- messages ----------------------------------------------------------------

const NOTE_WORDS = WORDS.slice(0, 120);

/** ~1 KiB of JSON, different for every message. */
function applicationBody(i: number, s: SourceQueue, messageId: string): string {
  const word = (k: number) => NOTE_WORDS[(i * 31 + k * 17) % NOTE_WORDS.length];
  return JSON.stringify({
    eventId: messageId,
    eventType: s.type,
    occurredAt: new Date().toISOString(),
    producer: s.app,
    customer: {
      id: `CUST-${(i * 7919) % 900001}`,
      name: `${word(1)} ${word(2)}`,
      email: `${word(3)}.${word(4)}@example.com`,
      segment: word(5),
      riskScore: i % 100,
      address: {
        street: `${(i % 400) + 1} ${word(6)} Street`,
        city: CITIES[i % CITIES.length],
        postcode: String(i % 99999).padStart(5, '0'),
        country: ['GB', 'IE', 'NL', 'PT', 'ES', 'FR', 'DE'][i % 7],
      },
    },
    order: {
      id: `ORD-${i}`,
      currency: ['EUR', 'GBP', 'USD', 'CHF'][i % 4],
      total: Math.round(((i * 13) % 100000) / 0.07) / 100,
      lines: [1, 2, 3].map(line => ({
        sku: `SKU-${(i * line * 101) % 50000}`,
        description: `${word(line * 3)} ${word(line * 3 + 1)} ${word(
          line * 3 + 2,
        )}`,
        quantity: 1 + ((i + line) % 9),
        unitPrice: Math.round(((i * line) % 5000) / 0.03) / 100,
      })),
    },
    payment: {
      method: word(20),
      reference: `PAY-${messageId.slice(0, 12)}`,
      status: word(21),
    },
    note: Array.from({ length: 12 }, (_, k) => word(30 + k)).join(' '),
    trace: {
      traceId: messageId.replace(/-/g, ''),
      spanId: messageId.slice(0, 16),
    },
  });
}

function applicationHeaders(
  i: number,
  s: SourceQueue,
): Record<string, unknown> {
  return {
    traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID()
      .replace(/-/g, '')
      .slice(0, 16)}-01`,
    'x-tenant': 'meridian',
    'x-retry-count': i % 4,
    'x-exception-type': s.exception,
    'x-exception-message': `Validation of ${s.type} failed: field ${
      NOTE_WORDS[i % NOTE_WORDS.length]
    } is not valid`,
    'x-exception-stacktrace': `${s.exception}\n  at com.meridian.${
      s.app
    }.Handler.handle(Handler.java:${
      40 + (i % 400)
    })\n  at com.meridian.messaging.Dispatcher.dispatch(Dispatcher.java:212)\n  at com.meridian.messaging.Consumer.onMessage(Consumer.java:88)`,
  };
}

// --- helpers -----------------------------------------------------------------

function numberEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${name} must be a positive integer, got '${value}'`);
  }
  return n;
}

function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function printTable(metrics: Record<string, Metric>) {
  const lines = Object.entries(metrics).map(([name, m]) => {
    let gap = '';
    if (m.target !== null) {
      const met =
        m.better === 'higher' ? m.value >= m.target : m.value <= m.target;
      gap = met
        ? 'met'
        : `MISSED by ${round(Math.abs(m.value - m.target), 3)} ${m.unit}`;
    }
    return `${name.padEnd(32)} ${String(m.value).padStart(10)} ${m.unit.padEnd(
      6,
    )} target ${String(m.target ?? '-').padEnd(6)} ${gap}`;
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  progress(`bench failed: ${error?.stack ?? error}`);
  process.exit(1);
});
