/*
 * Helpers for benches that run against the machine's RabbitMQ and Postgres:
 * their own vhost and database, plain amqplib baselines (consume-and-ack,
 * publish with confirms), deadlines that fail loudly, and the summary table.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import knexFactory, { Knex } from 'knex';
import type { AmqpEnvironment } from '@internal/amqp-node';
import { Metric, progress, round } from './results';

export const AMQP_URL =
  process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

/** A positive whole number from the environment, or the fallback. */
export function numberEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${name} must be a positive integer, got '${value}'`);
  }
  return n;
}

export function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Rejects with `what` when `promise` has not settled within `ms`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a value; fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) {
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`,
      );
    }
    await sleep(intervalMs);
  }
}

/** The metrics, their targets and whether each is met, on stdout. */
export function printTable(metrics: Record<string, Metric>) {
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

// --- RabbitMQ ----------------------------------------------------------------

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
 * The natural limit of a consumer: consume `total` messages and ack every
 * `ackEvery` (multiple), nothing else. Returns the time taken.
 */
export async function rawConsume(
  model: ChannelModel,
  queue: string,
  total: number,
  prefetch: number,
  ackEvery: number,
  timeoutMs: number,
): Promise<number> {
  const channel = await model.createChannel();
  await channel.prefetch(prefetch);
  let received = 0;
  let unacked = 0;
  let finished = 0;
  const started = performance.now();
  await withTimeout(
    new Promise<void>((resolve, reject) => {
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
    }),
    timeoutMs,
    `consuming ${total} messages from ${queue} (${received} received)`,
  ).catch(error => {
    throw new Error(`${error.message} (${received} received)`);
  });
  await channel.close();
  return finished - started;
}

// --- Postgres ----------------------------------------------------------------

function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}

export function connectTo(database: string, poolMax = 10): Knex {
  return knexFactory({
    client: 'pg',
    connection: `${POSTGRES_URL.replace(/\/$/, '')}/${database}`,
    pool: { min: 0, max: poolMax },
  });
}

async function withAdmin<T>(fn: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = connectTo('postgres', 1);
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

/** A new, empty database (dropped first if it exists), and a client of it. */
export async function recreateDatabase(database: string): Promise<Knex> {
  progress(`recreating database ${database}`);
  await dropDatabase(database);
  await withAdmin(admin =>
    admin.raw(`CREATE DATABASE ${quoteIdent(database)}`),
  );
  return connectTo(database);
}

export async function dropDatabase(database: string) {
  await withAdmin(admin =>
    admin.raw(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
  );
}
