import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpEnvironments,
  AmqpPublishMessage,
  ChannelClosedError,
  ConfirmPublisher,
  PublishNackError,
  republishOptions,
  TokenBucket,
  UnroutableError,
} from '@internal/amqp-node';
import { ReplayTarget } from '@internal/backstage-plugin-dead-letter-common';
import {
  AuditLog,
  DeadLetterDatabase,
  ReplaySource,
  ReplayStore,
  toJob,
} from '../database';
import {
  DEAD_LETTER_ID_HEADER,
  REPLAY_COUNT_HEADER,
  REPLAY_JOB_HEADER,
} from '../capture/parseDeadLetter';

const BATCH = 500;
/**
 * Batches awaiting confirms while the next is read; bounds what a crash
 * publishes twice (at least once) to this many batches.
 */
const MAX_OUTSTANDING_BATCHES = 3;

type PublishOptions = NonNullable<AmqpPublishMessage['options']>;

/** Where a message goes for a target. */
export function replayDestination(
  message: Pick<
    ReplaySource,
    'originalExchange' | 'originalRoutingKeys' | 'sourceQueue'
  >,
  target: ReplayTarget,
): { exchange: string; routingKey: string } {
  if (target.kind === 'queue') {
    return { exchange: '', routingKey: target.queue };
  }
  if (target.kind === 'source' || message.originalExchange === '') {
    return { exchange: '', routingKey: message.sourceQueue };
  }
  return {
    exchange: message.originalExchange,
    routingKey: message.originalRoutingKeys[0] ?? message.sourceQueue,
  };
}

/** The headers and properties of a replayed message. */
export function replayOptions(
  message: Pick<ReplaySource, 'id' | 'headers' | 'properties' | 'replayCount'>,
  jobId: string,
): PublishOptions {
  return republishOptions(message, {
    headers: {
      [REPLAY_COUNT_HEADER]: message.replayCount + 1,
      [REPLAY_JOB_HEADER]: jobId,
      [DEAD_LETTER_ID_HEADER]: message.id,
    },
  });
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
  database: Pick<DeadLetterDatabase, 'replays' | 'audit'>;
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
    this.#jobs = options.database.replays;
    this.#audit = options.database.audit;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#staleAfterMs = options.staleAfterMs ?? 30_000;
    this.#heartbeatIntervalMs =
      options.heartbeatIntervalMs ??
      Math.max(100, Math.min(5000, Math.floor(this.#staleAfterMs / 3)));
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
    const job = toJob(row);
    const state = { owned: true, aborted: undefined as string | undefined };
    const heartbeat = setInterval(() => {
      this.#jobs
        .heartbeat(jobId, this.workerId)
        .then(ok => {
          state.owned = state.owned && ok;
        })
        .catch(() => undefined);
    }, this.#heartbeatIntervalMs);
    const keepGoing = () => state.owned && !this.#stopped && !state.aborted;
    try {
      const publisher = this.#publisher(row.environment);
      const bucket = job.ratePerSecond
        ? new TokenBucket(job.ratePerSecond)
        : undefined;
      const outstanding: Array<Promise<void>> = [];
      let lastCounts = 0;
      const dispatchAll = async (status: 'pending' | 'sent') => {
        let afterId: string | undefined;
        while (keepGoing()) {
          // Checked before every batch so a cancel stops publishing at once.
          const [owned, ids] = await Promise.all([
            this.#jobs.heartbeat(jobId, this.workerId),
            this.#jobs.itemsInStatus(jobId, status, BATCH, afterId),
          ]);
          if (!owned) {
            state.owned = false;
            break;
          }
          if (ids.length === 0) break;
          afterId = ids[ids.length - 1];
          const { done } = await this.#dispatch(
            jobId,
            job.target,
            ids,
            publisher,
            bucket,
            state,
            keepGoing,
          );
          outstanding.push(done);
          if (outstanding.length >= MAX_OUTSTANDING_BATCHES) {
            await outstanding.shift();
          }
          if (Date.now() - lastCounts > 1000) {
            lastCounts = Date.now();
            await this.#jobs.refreshCounts(jobId);
          }
        }
      };
      // Items a stopped instance published without a confirm first: their
      // outcome is unknown, so they are published again (at least once).
      await dispatchAll('sent');
      await dispatchAll('pending');
      await Promise.all(outstanding);

      const counts = await this.#jobs.refreshCounts(jobId);
      if (!keepGoing()) {
        // Cancelled, shut down or interrupted: a cancelled job has ended;
        // otherwise it stays running and is taken over once its heartbeat
        // is stale.
        if (state.aborted) {
          this.options.logger.warn(
            `Replay job ${jobId} interrupted, will resume: ${state.aborted}`,
          );
        }
        return jobId;
      }
      const failed = counts.failed > 0;
      let reason: string | undefined;
      if (failed) {
        const causes = await this.#jobs.failureSummary(jobId, 3);
        reason = `${counts.failed} of ${counts.total} messages failed: ${causes
          .map(c => `${c.error} (${c.count})`)
          .join('; ')}`;
      }
      const finished = await this.#jobs.finish(jobId, this.workerId, {
        state: failed ? 'failed' : 'completed',
        reason,
      });
      if (finished) {
        await this.#audit.record({
          actor: row.created_by,
          action: 'replay',
          environment: row.environment,
          selection: job.filter
            ? { filter: job.filter }
            : { ids: await this.#jobs.messageIds(jobId) },
          target: { ...job.target, jobId },
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

  /**
   * Publishes one batch of items; resolves once they are dispatched, with
   * `done` settling when the broker answered for all of them and their
   * outcomes are stored.
   */
  async #dispatch(
    jobId: string,
    target: ReplayTarget,
    ids: string[],
    publisher: ConfirmPublisher,
    bucket: TokenBucket | undefined,
    state: { aborted?: string },
    keepGoing: () => boolean,
  ): Promise<{ done: Promise<void> }> {
    const [, sources] = await Promise.all([
      this.#jobs.markSent(jobId, ids),
      this.#jobs.loadSources(ids),
    ]);
    const found = new Set(sources.map(m => m.id));
    const confirmed: string[] = [];
    const failures = ids
      .filter(id => !found.has(id))
      .map(messageId => ({ messageId, error: 'Message no longer exists' }));
    const publishes: Array<Promise<void>> = [];
    for (const message of sources) {
      if (!keepGoing()) break; // the rest stay 'sent' and are published on resume
      if (message.replayCount + 1 > this.options.maxReplayCount) {
        failures.push({
          messageId: message.id,
          error: `Replay cap reached: replayed ${message.replayCount} times already (at most ${this.options.maxReplayCount})`,
        });
        continue;
      }
      if (bucket) await bucket.take();
      const { exchange, routingKey } = replayDestination(message, target);
      publishes.push(
        publisher
          .publish({
            exchange,
            routingKey,
            content: message.body,
            options: replayOptions(message, jobId),
          })
          .then(
            () => {
              confirmed.push(message.id);
            },
            error => {
              if (error instanceof ChannelClosedError && error.code !== 404) {
                // Outcome unknown: stays 'sent', published again later.
                state.aborted = describe(error);
                return;
              }
              failures.push({ messageId: message.id, error: describe(error) });
            },
          ),
      );
    }
    const done = Promise.all(publishes).then(async () => {
      await this.#jobs.markConfirmed(jobId, confirmed);
      await this.#jobs.markFailed(jobId, failures);
    });
    // Awaited by the caller later; keeps a failure from going unhandled meanwhile.
    done.catch(() => undefined);
    return { done };
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
