import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpEnvironments,
  AmqpPublishMessage,
  ChannelClosedError,
  ConfirmPublisher,
  PUBLISH_ID_HEADER,
  PublishNackError,
  UnroutableError,
} from '@internal/amqp-node';
import {
  DeadLetterMessage,
  ReplayTarget,
} from '@internal/backstage-plugin-dead-letter-common';
import { DeadLetterStore } from '../database/DeadLetterStore';
import { AuditLog } from '../database/AuditLog';
import {
  DEAD_LETTER_ID_HEADER,
  REPLAY_COUNT_HEADER,
  REPLAY_JOB_HEADER,
} from '../capture/parseDeadLetter';
import { ReplayStore } from './ReplayStore';

const BATCH = 100;

type PublishOptions = NonNullable<AmqpPublishMessage['options']>;

/** AMQP properties a replay passes on (user-id is left out: the broker checks it). */
const PROPERTY_KEYS = [
  'contentType',
  'contentEncoding',
  'deliveryMode',
  'priority',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'timestamp',
  'type',
  'appId',
  'clusterId',
] as const;

/** Where a message goes for a target. */
export function replayDestination(
  message: Pick<
    DeadLetterMessage,
    'originalExchange' | 'originalRoutingKeys' | 'sourceQueue'
  >,
  target: ReplayTarget,
): { exchange: string; routingKey: string } {
  if (target.kind === 'queue') {
    return { exchange: '', routingKey: target.queue };
  }
  if (message.originalExchange === '') {
    return { exchange: '', routingKey: message.sourceQueue };
  }
  return {
    exchange: message.originalExchange,
    routingKey: message.originalRoutingKeys[0] ?? message.sourceQueue,
  };
}

/** Undoes the `$binary` encoding of stored headers. */
function fromJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(fromJsonSafe);
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record.$binary === 'string') {
      return Buffer.from(record.$binary, 'base64');
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = fromJsonSafe(record[key]);
    return out;
  }
  return value;
}

/** The headers and properties of a replayed message. */
export function replayOptions(
  message: DeadLetterMessage,
  jobId: string,
): PublishOptions {
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message.headers)) {
    const lower = key.toLowerCase();
    if (
      lower === 'x-death' ||
      lower.startsWith('x-first-death-') ||
      lower.startsWith('x-last-death-') ||
      lower === PUBLISH_ID_HEADER
    ) {
      continue;
    }
    headers[key] = fromJsonSafe(value);
  }
  headers[REPLAY_COUNT_HEADER] = message.replayCount + 1;
  headers[REPLAY_JOB_HEADER] = jobId;
  headers[DEAD_LETTER_ID_HEADER] = message.id;
  const options: Record<string, unknown> = { headers };
  for (const key of PROPERTY_KEYS) {
    const value = message.properties[key];
    if (value !== undefined && value !== null) {
      options[key] = fromJsonSafe(value);
    }
  }
  return options as PublishOptions;
}

/** A token bucket allowing `rate` publishes a second (bursts up to `rate`). */
class TokenBucket {
  #tokens: number;
  #last = Date.now();
  constructor(private readonly rate: number) {
    this.#tokens = Math.min(rate, 1);
  }
  async take() {
    for (;;) {
      const now = Date.now();
      this.#tokens = Math.min(
        this.rate,
        this.#tokens + ((now - this.#last) / 1000) * this.rate,
      );
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.#tokens) / this.rate) * 1000));
    }
  }
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function describe(error: unknown): string {
  if (error instanceof UnroutableError) {
    return `Unroutable: ${error.message}`;
  }
  if (error instanceof PublishNackError) {
    return `Rejected by the broker: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export type ReplayWorkerOptions = {
  store: DeadLetterStore;
  amqp: AmqpEnvironments;
  logger: LoggerService;
  environments: string[];
  maxReplayCount: number;
  pollIntervalMs?: number;
  heartbeatIntervalMs?: number;
  staleAfterMs?: number;
  workerId?: string;
};

/**
 * Runs replay jobs: claims one at a time (atomically, so one instance runs a
 * job), publishes its items with publisher confirms, and heartbeats while
 * running so a crashed instance's job is reclaimed by another.
 */
export class ReplayWorker {
  readonly workerId: string;
  readonly #jobs: ReplayStore;
  readonly #audit: AuditLog;
  readonly #publishers = new Map<string, ConfirmPublisher>();
  readonly #pollIntervalMs: number;
  readonly #heartbeatIntervalMs: number;
  readonly #staleAfterMs: number;
  #timer?: NodeJS.Timeout;
  #running?: Promise<void>;
  #stopped = false;

  constructor(private readonly options: ReplayWorkerOptions) {
    this.workerId = options.workerId ?? `replay-worker-${randomUUID()}`;
    this.#jobs = options.store.replayJobs();
    this.#audit = options.store.auditLog();
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5000;
    this.#staleAfterMs = options.staleAfterMs ?? 30_000;
  }

  start() {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.runOnce()
        .then(() => undefined)
        .catch(error =>
          this.options.logger.error(`Replay worker failed: ${error}`),
        )
        .finally(() => {
          this.#running = undefined;
          if (!this.#stopped) {
            this.#timer = setTimeout(tick, this.#pollIntervalMs);
          }
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop() {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** Claims and runs one job; returns its id, or undefined when idle. */
  async runOnce(): Promise<string | undefined> {
    const environments = this.options.environments.filter(e =>
      this.options.amqp.get(e),
    );
    const row = await this.#jobs.claim({
      environments,
      workerId: this.workerId,
      staleBefore: new Date(Date.now() - this.#staleAfterMs),
    });
    if (!row) return undefined;
    const jobId = String(row.id).toLowerCase();
    let target: ReplayTarget;
    try {
      target = JSON.parse(row.target);
    } catch {
      target = { kind: 'original' };
    }
    let owned = true;
    const heartbeat = setInterval(() => {
      this.#jobs
        .heartbeat(jobId, this.workerId)
        .then(ok => {
          owned = owned && ok;
        })
        .catch(() => undefined);
    }, this.#heartbeatIntervalMs);
    try {
      const publisher = this.#publisher(row.environment);
      const bucket = row.rate_per_second
        ? new TokenBucket(Number(row.rate_per_second))
        : undefined;
      const errors = new Map<string, number>();
      const run: { aborted?: string } = {};
      while (owned && !this.#stopped && !run.aborted) {
        if (!(await this.#jobs.heartbeat(jobId, this.workerId))) {
          owned = false;
          break;
        }
        const ids = await this.#jobs.openItems(jobId, BATCH);
        if (ids.length === 0) break;
        await this.#jobs.markSent(jobId, ids);
        const work: Array<Promise<void>> = [];
        for (const id of ids) {
          const message = await this.options.store.get(id);
          if (!message) {
            await this.#jobs.markFailed(jobId, id, 'Message no longer exists');
            continue;
          }
          if (message.replayCount + 1 > this.options.maxReplayCount) {
            const reason = `Replay cap reached: replayed ${message.replayCount} times already (at most ${this.options.maxReplayCount})`;
            errors.set(
              'Replay cap reached',
              (errors.get('Replay cap reached') ?? 0) + 1,
            );
            await this.#jobs.markFailed(jobId, id, reason);
            continue;
          }
          if (bucket) await bucket.take();
          const { exchange, routingKey } = replayDestination(message, target);
          work.push(
            publisher
              .publish({
                exchange,
                routingKey,
                content: Buffer.from(message.bodyBase64, 'base64'),
                options: replayOptions(message, jobId),
              })
              .then(
                () => this.#jobs.markConfirmed(jobId, id),
                async error => {
                  if (
                    error instanceof ChannelClosedError &&
                    error.code !== 404
                  ) {
                    // Outcome unknown: stays 'sent', published again later.
                    run.aborted = describe(error);
                    return;
                  }
                  const reason = describe(error);
                  const key = reason.split(':')[0];
                  errors.set(key, (errors.get(key) ?? 0) + 1);
                  await this.#jobs.markFailed(jobId, id, reason);
                },
              ),
          );
        }
        await Promise.all(work);
        await this.#jobs.refreshCounts(jobId);
      }
      const counts = await this.#jobs.refreshCounts(jobId);
      if (run.aborted || !owned || this.#stopped) {
        // Left running; reclaimed once the heartbeat is stale.
        if (run.aborted) {
          this.options.logger.warn(
            `Replay job ${jobId} interrupted, will resume: ${run.aborted}`,
          );
        }
        return jobId;
      }
      const failed = counts.failed > 0;
      const reason = failed
        ? `${counts.failed} of ${counts.total} messages failed: ${
            [...errors.entries()].map(([k, n]) => `${k} (${n})`).join(', ') ||
            'see the items'
          }`
        : undefined;
      const finished = await this.#jobs.finish(jobId, this.workerId, {
        state: failed ? 'failed' : 'completed',
        reason,
      });
      if (finished) {
        await this.#audit.record({
          actor: row.created_by,
          action: 'replay',
          environment: row.environment,
          selection: { ids: await this.#jobs.messageIds(jobId) },
          target: { ...target, jobId },
          requested: counts.total,
          affected: counts.confirmed,
          outcome: failed ? 'failed' : 'succeeded',
          details: reason ?? `replay job ${jobId} completed`,
        });
      }
      return jobId;
    } finally {
      clearInterval(heartbeat);
    }
  }

  #publisher(environment: string): ConfirmPublisher {
    let publisher = this.#publishers.get(environment);
    if (!publisher) {
      const broker = this.options.amqp.get(environment);
      if (!broker) {
        throw new Error(`No broker configured for '${environment}'`);
      }
      publisher = broker.publisher({ maxInFlight: 500 });
      this.#publishers.set(environment, publisher);
    }
    return publisher;
  }
}
