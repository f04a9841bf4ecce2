import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpEnvironment,
  ChannelClosedError,
  ConfirmPublisher,
  PublishNackError,
  TokenBucket,
  UnroutableError,
} from '@internal/amqp-node';
import type {
  ReconstitutionEventSource,
  SourcedEvent,
} from '@internal/backstage-plugin-reconstitution-node';
import { JobStore } from '../database/JobStore';
import { JobRow, jobSelection } from '../database/jobRow';
import { deliveryOptions } from './deliveryOptions';
import { DeliveryWindow } from './DeliveryWindow';

const PAGE_SIZE = 1000;
const PROGRESS_INTERVAL_MS = 500;
const SAMPLE_INTERVAL_MS = 2000;
const RATE_WINDOW_MS = 5000;

type Page = { events: SourcedEvent[]; done: boolean };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a run needs from the worker that claimed the job. */
export type JobRunContext = {
  jobs: JobStore;
  logger: LoggerService;
  workerId: string;
  /** Events published and not yet confirmed, at most. */
  window: number;
  staleAfterMs: number;
  /** The job's event source; undefined when it is not installed. */
  source: ReconstitutionEventSource | undefined;
  environment: AmqpEnvironment;
  publisher: () => ConfirmPublisher;
  /** True once the worker is stopping: the job is handed back. */
  stopped: () => boolean;
  /** Told when the job has ended (completed or failed) in this run. */
  ended: (jobId: string) => Promise<void>;
};

/**
 * One run of one claimed job: checks the receiver's queue, publishes the
 * selected events from the last confirmed position through the default
 * exchange, and then ends the job, fails it, or hands it back to be
 * resumed. Progress is written as it goes; a progress write that finds the
 * job no longer this worker's (cancelled, taken over) stops the run.
 */
export class JobRun {
  readonly #window: DeliveryWindow;
  // Sent restarts from what is confirmed: the rest is sent again.
  #sent: number;
  #matched: number;
  /** Why the job failed: it ends. */
  #failure?: string;
  /** Why the run stopped early: the job resumes from its last confirm. */
  #interrupted?: string;
  #owned = true;
  readonly #rateSamples: Array<{ at: number; confirmed: number }> = [];
  #lastProgress = 0;
  #lastSample = 0;

  constructor(
    private readonly context: JobRunContext,
    private readonly row: JobRow,
    private readonly resumed: boolean,
  ) {
    this.#window = new DeliveryWindow(
      row.position ?? undefined,
      Number(row.confirmed),
    );
    this.#sent = this.#window.confirmed;
    this.#matched = Number(row.matched);
  }

  async run(): Promise<void> {
    const { source } = this.context;
    if (!source) {
      await this.#fail(
        `The event source '${this.row.source}' is not installed`,
      );
      return;
    }
    if (!(await this.#queueExists())) return;
    await this.#announceStart();
    const publisher = this.context.publisher();
    await this.#recordProgress(true);
    await this.#deliver(source, publisher);
    await this.#conclude();
  }

  /** False when the job cannot start now: failed, or handed back. */
  async #queueExists(): Promise<boolean> {
    const { row } = this;
    const queue = row.receiver_queue;
    try {
      await this.context.environment.withChannel(channel =>
        channel.checkQueue(queue),
      );
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) {
        await this.#fail(
          `The receiver's queue '${queue}' does not exist in ${
            row.environment
          }; nothing was delivered${
            this.resumed ? ' after the last confirmed event' : ''
          }`,
        );
      } else {
        // The broker is unreachable: someone tries again later.
        await this.context.jobs.release(row.id, this.context.workerId);
      }
      return false;
    }
  }

  async #announceStart() {
    const { row, resumed } = this;
    await this.context.jobs.audit({
      actor: this.context.workerId,
      action: resumed ? 'resume' : 'start',
      jobId: row.id,
      details: resumed
        ? `Resumed after ${row.confirmed} confirmed events`
        : undefined,
    });
    this.context.logger.info(
      `${resumed ? 'Resuming' : 'Starting'} reconstitution job ${row.id} to ${
        row.receiver_queue
      } in ${row.environment}`,
    );
  }

  #keepGoing() {
    return (
      this.#owned &&
      !this.#failure &&
      !this.#interrupted &&
      !this.context.stopped()
    );
  }

  /** Publishes pages of events until done, stopped, failed or no longer owned. */
  async #deliver(
    source: ReconstitutionEventSource,
    publisher: ConfirmPublisher,
  ) {
    const window = this.#window;
    const selection = jobSelection(this.row);
    const bucket = this.row.rate_per_second
      ? new TokenBucket(this.row.rate_per_second)
      : undefined;
    // Keeps the claim alive while publishing waits (rate limit, a full
    // window, a slow read).
    const heartbeat = setInterval(
      () => this.#recordProgress().catch(() => undefined),
      Math.max(100, Math.min(5000, Math.floor(this.context.staleAfterMs / 3))),
    );
    const read = (after: string | undefined): Promise<Page> =>
      source.read(selection, { after, limit: PAGE_SIZE });
    try {
      let next: Promise<Page> | undefined = read(window.position);
      while (next && this.#keepGoing()) {
        const { events, done }: Page = await next;
        // The next page is read while this one is published.
        next = done ? undefined : read(events[events.length - 1]?.position);
        next?.catch(() => undefined);
        for (const event of events) {
          await window.roomFor(this.context.window);
          if (bucket) await bucket.take();
          if (!this.#keepGoing()) break;
          this.#publish(publisher, event);
          await this.#recordProgress();
        }
      }
      await window.drained();
    } catch (error) {
      // The source failed (e.g. the database): resumed from the last
      // confirmed event.
      this.#interrupted ??= describe(error);
      await window.drained();
    } finally {
      clearInterval(heartbeat);
    }
  }

  #publish(publisher: ConfirmPublisher, event: SourcedEvent) {
    const slot = this.#window.add(event.position);
    this.#sent++;
    publisher
      .publish({
        exchange: '',
        routingKey: this.row.receiver_queue,
        content: event.body,
        options: deliveryOptions(event, this.row.id),
      })
      .then(
        () => this.#window.confirm(slot),
        error => this.#notConfirmed(event, error),
      );
  }

  #notConfirmed(event: SourcedEvent, error: unknown) {
    const { row } = this;
    const queue = row.receiver_queue;
    this.#window.settle();
    if (error instanceof UnroutableError) {
      this.#failure ??= `The receiver's queue '${queue}' no longer exists in ${row.environment}: the broker returned event ${event.messageId} as unroutable. Events up to the last confirmed one were delivered; nothing after it was.`;
    } else if (error instanceof PublishNackError) {
      this.#failure ??= `The broker refused event ${
        event.messageId
      } for queue '${queue}': ${describe(error)}`;
    } else if (error instanceof ChannelClosedError) {
      // Outcome unknown: resumed from the last confirmed event.
      this.#interrupted ??= describe(error);
    } else {
      this.#failure ??= describe(error);
    }
  }

  /** Writes progress (at most every PROGRESS_INTERVAL_MS unless forced). */
  async #recordProgress(force = false) {
    const window = this.#window;
    const now = Date.now();
    if (!force && now - this.#lastProgress < PROGRESS_INTERVAL_MS) return;
    this.#lastProgress = now;
    const samples = this.#rateSamples;
    samples.push({ at: now, confirmed: window.confirmed });
    while (samples.length > 2 && now - samples[0].at > RATE_WINDOW_MS) {
      samples.shift();
    }
    const first = samples[0];
    const rate =
      now > first.at
        ? ((window.confirmed - first.confirmed) * 1000) / (now - first.at)
        : undefined;
    const sample = now - this.#lastSample >= SAMPLE_INTERVAL_MS;
    if (sample) this.#lastSample = now;
    this.#matched = Math.max(this.#matched, this.#sent);
    this.#owned = await this.context.jobs.progress(
      this.row.id,
      this.context.workerId,
      {
        position: window.position,
        sent: this.#sent,
        confirmed: window.confirmed,
        matched: this.#matched,
        rate: rate && rate > 0 ? rate : undefined,
      },
      sample,
    );
  }

  /** After delivery: hand back, keep counts, fail or complete the job. */
  async #conclude() {
    const { jobs, workerId, logger } = this.context;
    const jobId = this.row.id;
    const window = this.#window;
    if (this.context.stopped() || this.#interrupted) {
      if (this.#owned) {
        await this.#recordProgress(true);
        await jobs.release(jobId, workerId);
      }
      if (this.#interrupted) {
        logger.warn(
          `Reconstitution job ${jobId} interrupted, will resume: ${
            this.#interrupted
          }`,
        );
      }
      return;
    }
    if (!this.#owned) {
      // Cancelled (or taken over): keep the counts true, then stop.
      await jobs.finalCounts(jobId, workerId, {
        position: window.position,
        sent: this.#sent,
        confirmed: window.confirmed,
      });
      // Whoever cancelled it has told the creator.
      return;
    }
    if (this.#failure) {
      await this.#fail(this.#failure);
      return;
    }
    const ended = await jobs.finish(jobId, workerId, {
      state: 'completed',
      position: window.position,
      sent: this.#sent,
      confirmed: window.confirmed,
      // Everything that matched was delivered.
      matched: window.confirmed,
    });
    if (ended) await this.context.ended(jobId);
  }

  async #fail(reason: string) {
    const { row } = this;
    const confirmed = this.#window.confirmed;
    const ended = await this.context.jobs.finish(
      row.id,
      this.context.workerId,
      {
        state: 'failed',
        reason,
        position: this.#window.position,
        sent: Math.max(confirmed, Number(row.sent)),
        confirmed,
        matched: Number(row.matched),
      },
    );
    if (ended) await this.context.ended(row.id);
  }
}
