/*
 * RabbitMQ for benches: their own vhost, watching connections so that a
 * broker restart voids a measurement, plain amqplib baselines (consume and
 * ack, publish with confirms) and the queue checks between measurements.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import {
  AmqpEnvironment,
  AmqpEnvironments,
  ConfirmPublisher,
} from '@internal/amqp-node';
import { progress } from './results';
import { benchLogger, stallGuard, until, withTimeout } from './run';

export const AMQP_URL =
  process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

// --- vhost -------------------------------------------------------------------

export function rabbitmqctl(args: string[], ignoreFailure = false) {
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

/** A fresh vhost the guest user may use (deleted first if it exists). */
export function recreateVhost(vhost: string) {
  progress(`recreating vhost ${vhost}`);
  rabbitmqctl(['delete_vhost', vhost], true);
  rabbitmqctl(['add_vhost', vhost]);
  rabbitmqctl(['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
}

export function deleteVhost(vhost: string) {
  rabbitmqctl(['delete_vhost', vhost], true);
}

export function vhostUrl(vhost: string) {
  return `${AMQP_URL.replace(/\/$/, '')}/${encodeURIComponent(vhost)}`;
}

/** The plugins' connection to `vhost`, as environment `name`, connected. */
export async function connectEnvironment(
  name: string,
  vhost: string,
): Promise<AmqpEnvironment> {
  const environment = AmqpEnvironment.create({
    name,
    url: vhostUrl(vhost),
    logger: benchLogger,
  });
  environment.start();
  try {
    await environment.whenConnected(10_000);
  } catch (error) {
    await environment.stop();
    throw error;
  }
  return environment;
}

/** The environments service of a plugin that has only `environment`. */
export function singleEnvironment(
  name: string,
  environment: AmqpEnvironment,
): AmqpEnvironments {
  return {
    get: n => (n === name ? environment : undefined),
    list: () => [environment],
  };
}

// --- lost connections --------------------------------------------------------

/**
 * Fails the measurement when the broker connection dropped meanwhile (a
 * broker restart, e.g. by a resilience test on the same machine): the figure
 * would be meaningless.
 */
export function watchConnection(environment: AmqpEnvironment) {
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

const closing = new WeakSet<ChannelModel>();
const lostModels = new WeakSet<ChannelModel>();

/**
 * The same for a plain amqplib connection: a lost one is reported at once
 * and voids the run (`checkModel` throws).
 */
export function watchModel(model: ChannelModel) {
  model.on('error', () => {});
  model.on('close', () => {
    if (!closing.has(model)) {
      lostModels.add(model);
      progress('the broker closed a bench connection; run the bench again');
    }
  });
}

export function checkModel(model: ChannelModel) {
  if (lostModels.has(model)) {
    throw new Error(
      'the broker closed a bench connection; run the bench again',
    );
  }
}

export async function closeModel(model: ChannelModel) {
  closing.add(model);
  await model.close().catch(() => {});
}

// --- publishing --------------------------------------------------------------

export type Publish = {
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
};

/**
 * Publishes every message of `batches` with at most `window` unconfirmed on
 * a plain amqplib confirm channel; resolves after the last confirm with the
 * count and the time taken. Unroutable (returned) or nacked messages fail
 * it, and so does no progress (no publish, no confirm) for `stallMs`.
 */
export async function publishConfirmed(
  channel: ConfirmChannel,
  batches: Iterable<Publish[]> | AsyncIterable<Publish[]>,
  window: number,
  options: { stallMs?: number } = {},
): Promise<{ count: number; ms: number }> {
  const started = performance.now();
  let inFlight = 0;
  let count = 0;
  let failed: Error | undefined;
  let wake: () => void = () => {};
  let lastProgress = performance.now();
  const stallMs = options.stallMs ?? 60_000;
  const stall = setInterval(() => {
    if (performance.now() - lastProgress > stallMs) {
      failed ??= new Error(
        `no progress for ${Math.round(
          stallMs / 1000,
        )} s (${count} published, ${inFlight} unconfirmed)`,
      );
      wake();
    }
  }, 1000);
  const waitForSlot = () => new Promise<void>(resolve => (wake = resolve));
  let writable = true;
  channel.on('drain', () => {
    writable = true;
    wake();
  });
  channel.on('return', () => {
    failed ??= new Error('a benchmark message was unroutable');
  });
  channel.on('close', () => {
    failed ??= new Error('the confirm channel closed');
    wake();
  });
  try {
    for await (const batch of batches) {
      for (const p of batch) {
        while ((inFlight >= window || !writable) && !failed) {
          await waitForSlot();
        }
        if (failed) throw failed;
        inFlight += 1;
        count += 1;
        lastProgress = performance.now();
        writable = channel.publish(
          p.exchange,
          p.routingKey,
          p.content,
          p.options,
          error => {
            inFlight -= 1;
            lastProgress = performance.now();
            if (error) {
              failed ??=
                error instanceof Error ? error : new Error(String(error));
            }
            wake();
          },
        );
      }
    }
    while (inFlight > 0 && !failed) {
      await waitForSlot();
    }
  } finally {
    clearInterval(stall);
  }
  if (failed) throw failed;
  return { count, ms: performance.now() - started };
}

/**
 * Publishes through the library's ConfirmPublisher with `window`
 * unconfirmed at most; fails when no publish is confirmed for `stallMs`.
 */
export async function publishThrough(
  publisher: ConfirmPublisher,
  batches: AsyncIterable<Publish[]>,
  window: number,
  stallMs: number,
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
  const stall = stallGuard('ConfirmPublisher', async () => confirmed, stallMs);
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

// --- consuming and queues ----------------------------------------------------

/**
 * The natural limit of a consumer: consume `total` messages and ack every
 * `ackEvery` (multiple), nothing else. Returns the time taken; fails after
 * `timeoutMs` when given.
 */
export async function rawConsume(
  model: ChannelModel,
  queue: string,
  total: number,
  prefetch: number,
  ackEvery: number,
  timeoutMs?: number,
): Promise<number> {
  const channel = await model.createChannel();
  await channel.prefetch(prefetch);
  let received = 0;
  let unacked = 0;
  let finished = 0;
  const started = performance.now();
  const consumed = new Promise<void>((resolve, reject) => {
    channel.on('error', reject);
    channel.on('close', () =>
      reject(new Error(`the channel consuming ${queue} closed`)),
    );
    channel
      .consume(queue, message => {
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
  if (timeoutMs === undefined) {
    await consumed;
  } else {
    await withTimeout(
      consumed,
      timeoutMs,
      `consuming ${total} messages from ${queue} (${received} received)`,
    ).catch(error => {
      throw new Error(`${error.message} (${received} received)`);
    });
  }
  await channel.close();
  return finished - started;
}

/** Waits until `queue` holds `count` messages; more fails at once. */
export async function expectQueued(
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

export async function purgeQueue(model: ChannelModel, queue: string) {
  const channel = await model.createChannel();
  await channel.purgeQueue(queue);
  await channel.close();
}

/** Deletes a queue (and its messages: persistent ones take disk). */
export async function deleteQueue(model: ChannelModel, queue: string) {
  const channel = await model.createChannel();
  await channel.deleteQueue(queue);
  await channel.close();
}

/** Declares durable queues (as the plugins do: no arguments). */
export async function assertQueues(model: ChannelModel, queues: string[]) {
  const channel = await model.createChannel();
  for (const queue of queues) {
    await channel.assertQueue(queue, { durable: true });
  }
  await channel.close();
}
