/*
 * The capture phase: real dead letters (RabbitMQ rejects or expires the
 * application messages into two identical dead-letter queues), drained by
 * plain amqplib and by the plugin's CaptureService into Postgres.
 */
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { Knex } from 'knex';
import { AmqpEnvironment } from '@internal/amqp-node';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { DeadLetterDatabase } from '../../plugins/dead-letter-backend/src/database';
import { CaptureService } from '../../plugins/dead-letter-backend/src/capture/CaptureService';
import { QueueOwnerIndex } from '../../plugins/dead-letter-backend/src/services/QueueOwnerIndex';
import {
  checkModel,
  closeModel,
  publishConfirmed,
  rawConsume,
  vhostUrl,
  watchConnection,
  watchModel,
} from '../lib/amqp';
import { Metric, metric, progress, round } from '../lib/results';
import { benchLogger, sleep } from '../lib/run';
import { applicationMessages } from './messages';
import {
  CAPTURE_DLQ,
  CAPTURE_MESSAGES,
  DLX,
  PLUGIN_DEFAULTS,
  RAW_DLQ,
  REPLAY_TARGET,
  SOURCES,
  VHOST,
} from './settings';

export async function benchCapture(
  environment: AmqpEnvironment,
  store: DeadLetterDatabase,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  const model = await connect(vhostUrl(VHOST));
  watchModel(model);
  try {
    await declareTopology(model);
    await fillDeadLetterQueues(model, CAPTURE_MESSAGES);
    const rawRate = await measureRawConsume(model);
    const captureRate = await measureCapture(environment, store, knex);

    metrics.capture_rate = metric(
      round(captureRate, 0),
      'msg/s',
      'higher',
      5000,
    );
    metrics.raw_consume_rate = metric(round(rawRate, 0), 'msg/s', 'higher');
    metrics.capture_vs_raw = metric(
      round(captureRate / rawRate, 3),
      'ratio',
      'higher',
      0.8,
    );
    if (store.search.searchIndexed) {
      const indexRate = await measureSearchIndexing(store);
      metrics.search_index_rate = metric(
        round(indexRate, 0),
        'msg/s',
        'higher',
      );
    }
  } finally {
    await closeModel(model);
  }
}

/** The natural limit: plain amqplib draining the other dead-letter queue. */
async function measureRawConsume(model: ChannelModel): Promise<number> {
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
  checkModel(model);
  const rawRate = CAPTURE_MESSAGES / (rawMs / 1000);
  progress(
    `  raw consume: ${Math.round(rawRate)} msg/s (${rawMs.toFixed(0)} ms)`,
  );
  return rawRate;
}

async function measureCapture(
  environment: AmqpEnvironment,
  store: DeadLetterDatabase,
  knex: Knex,
): Promise<number> {
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
    database: store,
    owners,
    logger: benchLogger,
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
  const [{ n }] = await knex('dead_letter_messages').count('* as n');
  if (Number(n) !== CAPTURE_MESSAGES) {
    throw new Error(`expected ${CAPTURE_MESSAGES} stored, found ${n}`);
  }
  const captureRate = CAPTURE_MESSAGES / (captureMs / 1000);
  progress(
    `  capture: ${Math.round(captureRate)} msg/s (${captureMs.toFixed(0)} ms)`,
  );
  return captureRate;
}

/**
 * Capture leaves search indexing to the background; how fast it catches
 * up decides how long fresh dead letters are searched by scan.
 */
async function measureSearchIndexing(
  store: DeadLetterDatabase,
): Promise<number> {
  const backlog = await store.search.searchBacklog();
  progress(
    `search indexing of the ${backlog} captured messages (15 s at most)`,
  );
  const indexStarted = performance.now();
  let indexed = 0;
  while (performance.now() - indexStarted < 15_000) {
    const taken = await store.search.indexSearchBacklog(1000);
    indexed += taken;
    if (taken < 1000) break;
  }
  const indexRate = indexed / ((performance.now() - indexStarted) / 1000);
  progress(`  indexed ${indexed}: ${Math.round(indexRate)} msg/s`);
  return indexRate;
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
  await publishConfirmed(publisher, applicationMessages(total), 2000);
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
    logger: benchLogger,
    registry: mockQueueRegistry.fromEntities(entities),
  });
  await index.refresh();
  return index;
}
