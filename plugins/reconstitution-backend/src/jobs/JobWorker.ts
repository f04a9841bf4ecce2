import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpEnvironments,
  AmqpPublishMessage,
  ChannelClosedError,
  ConfirmPublisher,
  PUBLISH_ID_HEADER,
  PublishNackError,
  TokenBucket,
  UnroutableError,
} from '@internal/amqp-node';
import {
  RECONSTITUTED_HEADER,
  RECONSTITUTION_JOB_HEADER,
  ReconstitutionJob,
} from '@internal/backstage-plugin-reconstitution-common';
import type {
  ReconstitutionEventSource,
  SourcedEvent,
} from '@internal/backstage-plugin-reconstitution-node';
import { JobRow, JobStore, jobSelection, toJob } from '../database/JobStore';

type PublishOptions = NonNullable<AmqpPublishMessage['options']>;

/** AMQP properties an event keeps (user-id is left out: the broker checks it). */
const PROPERTY_KEYS = [
  'contentType',
  'contentEncoding',
  'priority',
  'correlationId',
  'replyTo',
  'messageId',
  'timestamp',
  'type',
  'appId',
  'clusterId',
] as const;

/** Undoes the `$binary` encoding of stored header values. */
function fromJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonSafe);
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

/**
 * The event as its producer sent it (same message id, headers and
 * properties), marked as reconstituted by this job.
 */
export function deliveryOptions(
  event: Pick<SourcedEvent, 'headers' | 'properties' | 'messageId'>,
  jobId: string,
): PublishOptions {
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.headers)) {
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
  headers[RECONSTITUTED_HEADER] = true;
  headers[RECONSTITUTION_JOB_HEADER] = jobId;
  const options: Record<string, unknown> = { headers };
  for (const key of PROPERTY_KEYS) {
    const value = event.properties[key];
    if (value !== undefined && value !== null) {
      options[key] = fromJsonSafe(value);
    }
  }
  options.messageId = event.messageId;
  return options as PublishOptions;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const PAGE_SIZE = 1000;
const PROGRESS_INTERVAL_MS = 500;
const SAMPLE_INTERVAL_MS = 2000;
const RATE_WINDOW_MS = 5000;

export type JobWorkerOptions = {
  jobs: JobStore;
  sources: Map<string, ReconstitutionEventSource>;
  amqp: AmqpEnvironments;
  logger: LoggerService;
  environments: string[];
  /** Events published and not yet confirmed, at most. */
  window?: number;
  pollIntervalMs?: number;
  staleAfterMs?: number;
  workerId?: string;
  /** Told when a job this worker ran has ended. */
  onJobEnded?: (job: ReconstitutionJob) => Promise<void>;
};

/** Where the confirmed prefix of a job's delivery has reached. */
class DeliveryWindow {
  private readonly slots: Array<{ position: string; confirmed: boolean }> = [];
  private head = 0;
  private waiters: Array<() => void> = [];
  position?: string;
  confirmed: number;
  inFlight = 0;

  constructor(position: string | undefined, confirmed: number) {
    this.position = position;
    this.confirmed = confirmed;
  }

  add(position: string) {
    this.slots.push({ position, confirmed: false });
    this.inFlight++;
    return this.slots[this.slots.length - 1];
  }

  confirm(slot: { confirmed: boolean }) {
    slot.confirmed = true;
    this.settle();
    // Confirms usually arrive in order: advance over the confirmed prefix.
    while (this.head < this.slots.length && this.slots[this.head].confirmed) {
      this.position = this.slots[this.head].position;
      this.confirmed++;
      this.head++;
    }
    if (this.head > 4096) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
  }

  /** A publish ended without a confirm: the prefix stops before it. */
  settle() {
    this.inFlight--;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  async roomFor(limit: number) {
    while (this.inFlight >= limit) {
      await new Promise<void>(resolve => this.waiters.push(resolve));
    }
  }

  async drained() {
    await this.roomFor(1);
  }
}

/**
 * Runs reconstitution jobs: one instance claims a job (atomically), checks
 * the receiver's queue, and publishes the selected events to it through the
 * default exchange, in order, with publisher confirms and a bounded window
 * of unconfirmed events. It records the last confirmed position as it goes,
 * so a job whose instance died resumes there on another.
 */
export class JobWorker {
  readonly workerId: string;
  readonly #publishers = new Map<string, ConfirmPublisher>();
  readonly #window: number;
  readonly #pollIntervalMs: number;
  readonly #staleAfterMs: number;
  #timer?: NodeJS.Timeout;
  #running?: Promise<unknown>;
  #stopped = false;

  constructor(private readonly options: JobWorkerOptions) {
    this.workerId = options.workerId ?? `reconstitution-${randomUUID()}`;
    this.#window = options.window ?? 1000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#staleAfterMs = options.staleAfterMs ?? 30_000;
  }

  start() {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.runOnce()
        .catch(error =>
          this.options.logger.error(`Reconstitution worker failed: ${error}`),
        )
        .then(ran => {
          this.#running = undefined;
          if (!this.#stopped) {
            // Straight on to the next job when one ran.
            this.#timer = setTimeout(tick, ran ? 0 : this.#pollIntervalMs);
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
    const environments = this.options.environments.filter(
      e => this.options.amqp.get(e)?.status().state === 'connected',
    );
    const claimed = await this.options.jobs.claim({
      environments,
      workerId: this.workerId,
      staleBefore: new Date(Date.now() - this.#staleAfterMs),
    });
    if (!claimed) return undefined;
    await this.#run(claimed.row, claimed.resumed);
    return claimed.row.id;
  }

  async #run(row: JobRow, resumed: boolean) {
    const { jobs, logger } = this.options;
    const jobId = row.id;
    const queue = row.receiver_queue;
    const environment = this.options.amqp.get(row.environment)!;

    const fail = async (reason: string, window?: DeliveryWindow) => {
      const confirmed = window?.confirmed ?? Number(row.confirmed);
      const ended = await jobs.finish(jobId, this.workerId, {
        state: 'failed',
        reason,
        position: window?.position ?? row.position ?? undefined,
        sent: Math.max(confirmed, Number(row.sent)),
        confirmed,
        matched: Number(row.matched),
      });
      if (ended) await this.#ended(jobId);
    };

    const source = this.options.sources.get(row.source);
    if (!source) {
      await fail(`The event source '${row.source}' is not installed`);
      return;
    }
    try {
      await environment.withChannel(channel => channel.checkQueue(queue));
    } catch (error) {
      if ((error as { code?: number }).code === 404) {
        await fail(
          `The receiver's queue '${queue}' does not exist in ${
            row.environment
          }; nothing was delivered${
            resumed ? ' after the last confirmed event' : ''
          }`,
        );
      } else {
        // The broker is unreachable: someone tries again later.
        await jobs.release(jobId, this.workerId);
      }
      return;
    }
    await jobs.audit({
      actor: this.workerId,
      action: resumed ? 'resume' : 'start',
      jobId,
      details: resumed
        ? `Resumed after ${row.confirmed} confirmed events`
        : undefined,
    });
    logger.info(
      `${
        resumed ? 'Resuming' : 'Starting'
      } reconstitution job ${jobId} to ${queue} in ${row.environment}`,
    );

    const publisher = this.#publisher(row.environment);
    const selection = jobSelection(row);
    const window = new DeliveryWindow(
      row.position ?? undefined,
      Number(row.confirmed),
    );
    // Sent restarts from what is confirmed: the rest is sent again.
    let sent = window.confirmed;
    let matched = Number(row.matched);
    let failure: string | undefined;
    let interrupted: string | undefined;
    let owned = true;
    const bucket = row.rate_per_second
      ? new TokenBucket(row.rate_per_second)
      : undefined;

    const rateSamples: Array<{ at: number; confirmed: number }> = [];
    let lastProgress = 0;
    let lastSample = 0;
    const recordProgress = async (force = false) => {
      const now = Date.now();
      if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      rateSamples.push({ at: now, confirmed: window.confirmed });
      while (
        rateSamples.length > 2 &&
        now - rateSamples[0].at > RATE_WINDOW_MS
      ) {
        rateSamples.shift();
      }
      const first = rateSamples[0];
      const rate =
        now > first.at
          ? ((window.confirmed - first.confirmed) * 1000) / (now - first.at)
          : undefined;
      const sample = now - lastSample >= SAMPLE_INTERVAL_MS;
      if (sample) lastSample = now;
      matched = Math.max(matched, sent);
      owned = await jobs.progress(
        jobId,
        this.workerId,
        {
          position: window.position,
          sent,
          confirmed: window.confirmed,
          matched,
          rate: rate && rate > 0 ? rate : undefined,
        },
        sample,
      );
    };
    await recordProgress(true);

    const keepGoing = () => owned && !failure && !interrupted && !this.#stopped;
    // Keeps the claim alive while publishing waits (rate limit, a full
    // window, a slow read).
    const heartbeat = setInterval(
      () => recordProgress().catch(() => undefined),
      Math.max(100, Math.min(5000, Math.floor(this.#staleAfterMs / 3))),
    );
    const read = (
      after: string | undefined,
    ): Promise<{ events: SourcedEvent[]; done: boolean }> =>
      source.read(selection, { after, limit: PAGE_SIZE });
    try {
      let next: Promise<{ events: SourcedEvent[]; done: boolean }> | undefined =
        read(window.position);
      const outcome = (event: SourcedEvent) => (error: unknown) => {
        window.settle();
        if (error instanceof UnroutableError) {
          failure ??= `The receiver's queue '${queue}' no longer exists in ${row.environment}: the broker returned event ${event.messageId} as unroutable. Events up to the last confirmed one were delivered; nothing after it was.`;
        } else if (error instanceof PublishNackError) {
          failure ??= `The broker refused event ${
            event.messageId
          } for queue '${queue}': ${describe(error)}`;
        } else if (error instanceof ChannelClosedError) {
          // Outcome unknown: resumed from the last confirmed event.
          interrupted ??= describe(error);
        } else {
          failure ??= describe(error);
        }
      };
      while (next && keepGoing()) {
        const page: { events: SourcedEvent[]; done: boolean } = await next;
        const { events, done } = page;
        // The next page is read while this one is published.
        next = done ? undefined : read(events[events.length - 1]?.position);
        next?.catch(() => undefined);
        for (const event of events) {
          await window.roomFor(this.#window);
          if (bucket) await bucket.take();
          if (!keepGoing()) break;
          const slot = window.add(event.position);
          sent++;
          publisher
            .publish({
              exchange: '',
              routingKey: queue,
              content: event.body,
              options: deliveryOptions(event, jobId),
            })
            .then(() => window.confirm(slot), outcome(event));
          await recordProgress();
        }
      }
      await window.drained();
    } catch (error) {
      // The source failed (e.g. the database): resumed from the last
      // confirmed event.
      interrupted ??= describe(error);
      await window.drained();
    } finally {
      clearInterval(heartbeat);
    }

    if (this.#stopped || interrupted) {
      if (owned) {
        await recordProgress(true);
        await jobs.release(jobId, this.workerId);
      }
      if (interrupted) {
        logger.warn(
          `Reconstitution job ${jobId} interrupted, will resume: ${interrupted}`,
        );
      }
      return;
    }
    if (!owned) {
      // Cancelled (or taken over): keep the counts true, then stop.
      await jobs.finalCounts(jobId, this.workerId, {
        position: window.position,
        sent,
        confirmed: window.confirmed,
      });
      // Whoever cancelled it has told the creator.
      return;
    }
    if (failure) {
      await fail(failure, window);
      return;
    }
    const ended = await jobs.finish(jobId, this.workerId, {
      state: 'completed',
      position: window.position,
      sent,
      confirmed: window.confirmed,
      // Everything that matched was delivered.
      matched: window.confirmed,
    });
    if (ended) await this.#ended(jobId);
  }

  async #ended(jobId: string) {
    const row = await this.options.jobs.row(jobId);
    if (!row || !this.options.onJobEnded) return;
    try {
      await this.options.onJobEnded(toJob(row));
    } catch (error) {
      this.options.logger.warn(
        `Could not tell the creator of job ${jobId} that it ended: ${error}`,
      );
    }
  }

  #publisher(environment: string): ConfirmPublisher {
    let publisher = this.#publishers.get(environment);
    if (!publisher) {
      publisher = this.options.amqp
        .get(environment)!
        .publisher({ maxInFlight: this.#window });
      this.#publishers.set(environment, publisher);
    }
    return publisher;
  }
}
