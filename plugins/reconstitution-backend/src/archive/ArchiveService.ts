import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpConsumer,
  AmqpDelivery,
  AmqpEnvironment,
  toJsonSafeObject,
} from '@internal/amqp-node';
import type { ReconstitutionArchiveStatus } from '@internal/backstage-plugin-reconstitution-common';
import {
  EventArchiveStore,
  EventToArchive,
} from '../database/EventArchiveStore';
import { ParkedEventStore } from '../database/ParkedEventStore';
import { describeStoreError, storeFailure } from './storeErrors';
import { EventConvention, readEvent } from './readEvent';

/** How archiving is doing in one environment, for the UI. */
export type ArchiveStatus = ReconstitutionArchiveStatus;
export type ArchiveCounters = Omit<ArchiveStatus, 'parked' | 'recentParked'>;

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

/** A delivery of a batch and what became of it. */
type Received = { delivery: AmqpDelivery; receivedAt: Date };
type Item = Received & { event: EventToArchive };

/** A single event the store refused for a reason not known to be its own. */
type Suspect = { item: Item; error: unknown };

/**
 * Archives one environment's integration events: a durable queue bound to
 * the configured exchanges, drained in batches into the store. Events are
 * acknowledged only once stored; a redelivery is recognised by the store.
 *
 * A batch the store refuses is split in halves until the events it refuses
 * are found; those are parked (kept aside with the reason) and acknowledged
 * once parked, the rest stored, so one bad event never stalls archiving.
 * Failures of the database itself (connection, locks) are retried instead.
 */
class EnvironmentArchive {
  private consumer?: AmqpConsumer;
  private buffer: Received[] = [];
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
    private readonly parked: ParkedEventStore,
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

  /** This instance's figures, without the parked events (no query). */
  counters(): ArchiveCounters {
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

  async status(): Promise<ArchiveStatus> {
    const parked = await this.parked.summary(this.source.environment.name);
    return {
      ...this.counters(),
      parked: parked.count,
      recentParked: parked.latest,
    };
  }

  private onDelivery(delivery: AmqpDelivery) {
    this.buffer.push({ delivery, receivedAt: new Date() });
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
      this.flushing = this.flushing
        .then(() => this.flush())
        // Never a rejected chain: the next batches must still be flushed.
        .catch(error =>
          this.logger.error(`Event archive: flushing failed: ${error}`),
        );
    }, delayMs);
  }

  private async flush() {
    // At most a batch at a time: the rest of the prefetch keeps arriving
    // while this one is stored.
    const batch = this.buffer.splice(0, this.source.batchSize);
    if (this.buffer.length > 0) this.schedule(0);
    if (batch.length === 0 || this.stopped) return;
    const items: Item[] = [];
    for (const { delivery, receivedAt } of batch) {
      const read = readEvent(
        delivery.message,
        this.source.environment.name,
        this.convention,
      );
      if ('event' in read) {
        items.push({ delivery, receivedAt, event: read.event });
      } else {
        this.counts.skipped += 1;
        this.lastSkipReason = `${delivery.message.fields.routingKey}: ${read.skipped}`;
      }
    }
    let pending = items;
    for (let attempt = 0; pending.length > 0 && !this.stopped; attempt++) {
      const done = new Set<Item>();
      try {
        await this.storeOrPark(pending, done);
        pending = [];
        this.lastError = undefined;
      } catch (error) {
        // What was stored or parked before the failure stays done.
        pending = pending.filter(item => !done.has(item));
        this.lastError = `Storing events failed: ${describeStoreError(error)}`;
        this.logger.warn(`Event archive: ${this.lastError}; retrying`);
        await new Promise(r =>
          setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)),
        );
      }
    }
    if (pending.length > 0) return;
    // Unreadable messages are acknowledged too: they are counted, and
    // leaving them would block the queue.
    const lastPerConsumer = new Map<string, AmqpDelivery>();
    for (const { delivery } of batch) {
      lastPerConsumer.set(delivery.message.fields.consumerTag, delivery);
    }
    for (const delivery of lastPerConsumer.values()) {
      delivery.ack({ multiple: true });
    }
    this.lastArchivedAt = new Date();
  }

  /**
   * Stores the items, splitting a refused set in halves down to the single
   * events the store refuses, which are parked. Throws when the database
   * itself fails, with `done` holding what was stored or parked until then.
   */
  private async storeOrPark(items: Item[], done: Set<Item>) {
    const suspects: Suspect[] = [];
    let stored = 0;
    const bisect = async (part: Item[]): Promise<void> => {
      try {
        const result = await this.store.archive(part.map(i => i.event));
        this.counts.archived += result.archived;
        this.counts.duplicates += result.duplicates;
        stored += part.length;
        part.forEach(i => done.add(i));
        return;
      } catch (error) {
        const failure = storeFailure(error);
        if (failure === 'database') throw error;
        if (part.length > 1) {
          const half = Math.ceil(part.length / 2);
          await bisect(part.slice(0, half));
          await bisect(part.slice(half));
        } else if (failure === 'event') {
          await this.park(part[0], error);
          done.add(part[0]);
        } else {
          suspects.push({ item: part[0], error });
        }
      }
    };
    await bisect(items);
    if (suspects.length === 0) return;
    // An error not known to be about the event is blamed on it only when
    // the database stored others meanwhile; otherwise it is retried.
    if (stored === 0) throw suspects[0].error;
    for (const suspect of suspects) {
      await this.park(suspect.item, suspect.error);
      done.add(suspect.item);
    }
  }

  private async park(item: Item, error: unknown) {
    const { message } = item.delivery;
    const { headers, ...properties } = message.properties;
    const reason = describeStoreError(error);
    await this.parked.park({
      environment: this.source.environment.name,
      exchange: message.fields.exchange,
      routingKey: message.fields.routingKey,
      messageId: item.event.messageId,
      receivedAt: item.receivedAt,
      reason,
      headers: toJsonSafeObject(headers),
      properties: toJsonSafeObject(properties),
      body: message.content,
    });
    this.logger.warn(
      `Event archive (${this.source.environment.name}): parked an event of ${message.fields.exchange} (${message.fields.routingKey}) the store refused: ${reason}`,
    );
  }
}

/** Archives every configured environment's integration events. */
export class ArchiveService {
  private readonly archives: EnvironmentArchive[];

  static create(options: {
    sources: ArchiveSource[];
    store: EventArchiveStore;
    parked: ParkedEventStore;
    convention: EventConvention;
    logger: LoggerService;
  }) {
    return new ArchiveService(options);
  }

  private constructor(options: {
    sources: ArchiveSource[];
    store: EventArchiveStore;
    parked: ParkedEventStore;
    convention: EventConvention;
    logger: LoggerService;
  }) {
    this.archives = options.sources.map(
      source =>
        new EnvironmentArchive(
          source,
          options.store,
          options.parked,
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

  /** With the parked events of each environment (all instances). */
  async status(): Promise<ArchiveStatus[]> {
    return Promise.all(this.archives.map(a => a.status()));
  }

  /** This instance's figures only, without querying the database. */
  counters(): ArchiveCounters[] {
    return this.archives.map(a => a.counters());
  }
}
