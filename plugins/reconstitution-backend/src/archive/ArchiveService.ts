import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpConsumer,
  AmqpDelivery,
  AmqpEnvironment,
} from '@internal/amqp-node';
import type { ReconstitutionArchiveStatus } from '@internal/backstage-plugin-reconstitution-common';
import { EventArchiveStore } from '../database/EventArchiveStore';
import { EventConvention, readEvent } from './readEvent';

/** How archiving is doing in one environment, for the UI. */
export type ArchiveStatus = ReconstitutionArchiveStatus;

export type ArchiveSource = {
  environment: AmqpEnvironment;
  exchanges: string[];
  queue: string;
  prefetch: number;
  batchSize: number;
  /** How long to wait before declaring again after a failure (10 s). */
  retryTopologyMs?: number;
};

const RETRY_TOPOLOGY_MS = 10_000;
const FLUSH_INTERVAL_MS = 50;

/**
 * Archives one environment's integration events: a durable queue bound to
 * the configured exchanges, drained in batches into the store. Events are
 * acknowledged only once stored; a redelivery is recognised by the store.
 */
class EnvironmentArchive {
  private consumer?: AmqpConsumer;
  private buffer: AmqpDelivery[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly counts = { archived: 0, duplicates: 0, skipped: 0 };
  private lastSkipReason?: string;
  private lastArchivedAt?: Date;
  private lastError?: string;

  constructor(
    private readonly source: ArchiveSource,
    private readonly store: EventArchiveStore,
    private readonly convention: EventConvention,
    private readonly logger: LoggerService,
  ) {}

  start() {
    this.stopped = false;
    this.declareThenConsume();
  }

  /**
   * The queue and its bindings must exist before consuming; the exchanges
   * belong to the producers, so a missing one is reported and retried.
   */
  private declareThenConsume() {
    const { environment, queue, exchanges } = this.source;
    environment
      .whenConnected()
      .then(() =>
        environment.withChannel(async channel => {
          await channel.assertQueue(queue, { durable: true });
          for (const exchange of exchanges) {
            await channel.checkExchange(exchange);
            await channel.bindQueue(queue, exchange, '#');
          }
        }),
      )
      .then(
        () => {
          if (this.stopped) return;
          this.lastError = undefined;
          this.consumer = environment.consume(
            queue,
            { prefetch: this.source.prefetch },
            delivery => this.onDelivery(delivery),
          );
        },
        error => {
          if (this.stopped) return;
          const message = `Could not set up ${queue} bound to ${exchanges.join(
            ', ',
          )}: ${error instanceof Error ? error.message : error}`;
          // Retried every few seconds: logged when it changes, not each time.
          const repeated = message === this.lastError;
          this.lastError = message;
          if (!repeated) {
            this.logger.warn(
              `Event archive (${environment.name}): ${this.lastError}`,
            );
          }
          this.retry = setTimeout(
            () => this.declareThenConsume(),
            this.source.retryTopologyMs ?? RETRY_TOPOLOGY_MS,
          );
        },
      );
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.timer);
    await this.consumer?.cancel();
    await this.flushing;
  }

  status(): ArchiveStatus {
    const consumer = this.consumer?.status();
    return {
      environment: this.source.environment.name,
      queue: this.source.queue,
      exchanges: this.source.exchanges,
      active: consumer?.active ?? false,
      ...this.counts,
      lastSkipReason: this.lastSkipReason,
      lastArchivedAt: this.lastArchivedAt?.toISOString(),
      lastError: this.lastError ?? consumer?.lastError,
    };
  }

  private onDelivery(delivery: AmqpDelivery) {
    this.buffer.push(delivery);
    if (this.buffer.length >= this.source.batchSize) {
      this.schedule(0);
    } else if (!this.timer) {
      this.schedule(FLUSH_INTERVAL_MS);
    }
  }

  private schedule(delayMs: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, delayMs);
  }

  private async flush() {
    // At most a batch at a time: the rest of the prefetch keeps arriving
    // while this one is stored.
    const batch = this.buffer.splice(0, this.source.batchSize);
    if (this.buffer.length > 0) this.schedule(0);
    if (batch.length === 0 || this.stopped) return;
    const events = [];
    for (const delivery of batch) {
      const read = readEvent(
        delivery.message,
        this.source.environment.name,
        this.convention,
      );
      if ('event' in read) {
        events.push(read.event);
      } else {
        this.counts.skipped += 1;
        this.lastSkipReason = `${delivery.message.fields.routingKey}: ${read.skipped}`;
      }
    }
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const result = await this.store.archive(events);
        this.counts.archived += result.archived;
        this.counts.duplicates += result.duplicates;
        this.lastError = undefined;
        break;
      } catch (error) {
        this.lastError = `Storing events failed: ${error}`;
        this.logger.warn(`Event archive: ${this.lastError}; retrying`);
        await new Promise(r =>
          setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)),
        );
      }
    }
    if (this.stopped && this.lastError) return;
    // Unreadable messages are acknowledged too: they are counted, and
    // leaving them would block the queue.
    const lastPerConsumer = new Map<string, AmqpDelivery>();
    for (const delivery of batch) {
      lastPerConsumer.set(delivery.message.fields.consumerTag, delivery);
    }
    for (const delivery of lastPerConsumer.values()) {
      delivery.ack({ multiple: true });
    }
    this.lastArchivedAt = new Date();
  }
}

/** Archives every configured environment's integration events. */
export class ArchiveService {
  private readonly archives: EnvironmentArchive[];

  static create(options: {
    sources: ArchiveSource[];
    store: EventArchiveStore;
    convention: EventConvention;
    logger: LoggerService;
  }) {
    return new ArchiveService(options);
  }

  private constructor(options: {
    sources: ArchiveSource[];
    store: EventArchiveStore;
    convention: EventConvention;
    logger: LoggerService;
  }) {
    this.archives = options.sources.map(
      source =>
        new EnvironmentArchive(
          source,
          options.store,
          options.convention,
          options.logger,
        ),
    );
  }

  start() {
    this.archives.forEach(a => a.start());
  }

  async stop() {
    await Promise.all(this.archives.map(a => a.stop()));
  }

  status(): ArchiveStatus[] {
    return this.archives.map(a => a.status());
  }
}
