/*
 * The replay phase: a job of captured messages replayed by
 * ReplayWorker.runOnce() to a queue with no rate limit, against the same
 * messages published on a plain amqplib confirm channel and through the
 * library's ConfirmPublisher, with the same window.
 */
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { Knex } from 'knex';
import { AmqpEnvironment } from '@internal/amqp-node';
import { DeadLetterMessage } from '@internal/backstage-plugin-dead-letter-common';
import { DeadLetterDatabase } from '../../plugins/dead-letter-backend/src/database';
import {
  ReplayWorker,
  replayDestination,
  replayOptions,
} from '../../plugins/dead-letter-backend/src/replay/ReplayWorker';
import {
  Publish,
  checkModel,
  closeModel,
  expectQueued,
  publishConfirmed,
  purgeQueue,
  singleEnvironment,
  vhostUrl,
  watchConnection,
  watchModel,
} from '../lib/amqp';
import { Metric, metric, progress, round } from '../lib/results';
import { benchLogger } from '../lib/run';
import {
  ENVIRONMENT,
  REPLAY_IN_FLIGHT,
  REPLAY_MESSAGES,
  REPLAY_TARGET,
  VHOST,
} from './settings';

/** How long the replay target may take to show every message. */
const QUEUED_WAIT_MS = 10_000;

export async function benchReplay(
  environment: AmqpEnvironment,
  store: DeadLetterDatabase,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  const { jobId, publishes } = await createReplayJob(store, knex);
  const model = await connect(vhostUrl(VHOST));
  watchModel(model);
  try {
    const rawRate = await measureRawPublish(model, publishes);
    const libraryRate = await measureConfirmPublisher(
      environment,
      model,
      publishes,
    );
    const replayRate = await measureReplay(
      environment,
      store,
      model,
      jobId,
      publishes.length,
    );

    metrics.replay_rate = metric(round(replayRate, 0), 'msg/s', 'higher');
    metrics.raw_publish_confirm_rate = metric(
      round(rawRate, 0),
      'msg/s',
      'higher',
    );
    metrics.confirm_publisher_rate = metric(
      round(libraryRate, 0),
      'msg/s',
      'higher',
    );
    metrics.replay_vs_raw = metric(
      round(replayRate / rawRate, 3),
      'ratio',
      'higher',
      0.8,
    );
  } finally {
    await closeModel(model);
  }
}

/**
 * The job of the oldest unresolved messages, and the same messages as the
 * job publishes them, built the same way, beforehand.
 */
async function createReplayJob(store: DeadLetterDatabase, knex: Knex) {
  const rows: Array<{ id: string }> = await knex('dead_letter_messages')
    .select('id')
    .where({ environment: ENVIRONMENT, state: 'unresolved' })
    .orderBy('captured_at')
    .limit(REPLAY_MESSAGES);
  const ids = rows.map(r => r.id);
  const target = { kind: 'queue' as const, queue: REPLAY_TARGET };
  const job = await store.replays.createJob({
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

  progress(`loading the ${ids.length} messages of the replay job`);
  const messages: DeadLetterMessage[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    messages.push(
      ...((await Promise.all(
        ids.slice(i, i + 500).map(id => store.queries.get(id)),
      )) as DeadLetterMessage[]),
    );
  }
  const publishes: Publish[] = messages.map(message => ({
    ...replayDestination(message, target),
    content: Buffer.from(message.bodyBase64, 'base64'),
    options: {
      ...replayOptions(message, job.id),
      mandatory: true,
      persistent: true,
    },
  }));
  return { jobId: job.id, publishes };
}

/** Waits until the replay target holds every message, then empties it. */
async function expectReplayed(model: ChannelModel, count: number) {
  await expectQueued(model, REPLAY_TARGET, count, QUEUED_WAIT_MS);
  await purgeQueue(model, REPLAY_TARGET);
}

async function measureRawPublish(
  model: ChannelModel,
  publishes: Publish[],
): Promise<number> {
  progress(
    `raw amqplib confirm-channel publish of ${publishes.length} (${REPLAY_IN_FLIGHT} in flight)`,
  );
  const confirmChannel = await model.createConfirmChannel();
  const raw = await publishConfirmed(
    confirmChannel,
    [publishes],
    REPLAY_IN_FLIGHT,
  );
  await confirmChannel.close();
  checkModel(model);
  await expectReplayed(model, publishes.length);
  const rawRate = publishes.length / (raw.ms / 1000);
  progress(`  raw publish: ${Math.round(rawRate)} msg/s`);
  return rawRate;
}

async function measureConfirmPublisher(
  environment: AmqpEnvironment,
  model: ChannelModel,
  publishes: Publish[],
): Promise<number> {
  progress(
    `ConfirmPublisher publish of ${publishes.length} (${REPLAY_IN_FLIGHT} in flight)`,
  );
  const publisher = environment.publisher({ maxInFlight: REPLAY_IN_FLIGHT });
  const started = performance.now();
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
  const libraryMs = performance.now() - started;
  await expectReplayed(model, publishes.length);
  const libraryRate = publishes.length / (libraryMs / 1000);
  progress(`  ConfirmPublisher: ${Math.round(libraryRate)} msg/s`);
  return libraryRate;
}

async function measureReplay(
  environment: AmqpEnvironment,
  store: DeadLetterDatabase,
  model: ChannelModel,
  jobId: string,
  count: number,
): Promise<number> {
  progress(`ReplayWorker.runOnce() on a job of ${count}, no rate limit`);
  const watch = watchConnection(environment);
  const worker = new ReplayWorker({
    database: store,
    amqp: singleEnvironment(ENVIRONMENT, environment),
    logger: benchLogger,
    environments: [ENVIRONMENT],
    maxReplayCount: 5,
  });
  const started = performance.now();
  const ran = await worker.runOnce();
  const replayMs = performance.now() - started;
  watch.check();
  watch.stop();
  const done = await store.replays.getJob(jobId);
  if (
    ran !== jobId ||
    done?.state !== 'completed' ||
    done.confirmed !== count
  ) {
    throw new Error(`replay job did not complete: ${JSON.stringify(done)}`);
  }
  await expectReplayed(model, count);
  const replayRate = count / (replayMs / 1000);
  progress(
    `  replay: ${Math.round(replayRate)} msg/s (${replayMs.toFixed(0)} ms)`,
  );
  return replayRate;
}
