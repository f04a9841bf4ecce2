import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpConsumer,
  AmqpDelivery,
  AmqpEnvironment,
} from '@internal/amqp-node';
import type { MessageWriter, SearchIndex } from '../database';
import { QueueOwnerIndex } from '../services/QueueOwnerIndex';
import { parseDeadLetter } from './parseDeadLetter';

export type CaptureQueueConfig = {
  environment: AmqpEnvironment;
  queue: string;
  prefetch: number;
  batchSize: number;
  flushIntervalMs: number;
  /** Where the message type is read when the `type` property is empty. */
  messageTypeHeaders?: ReadonlyArray<string>;
};

export type CaptureQueueStatus = {
  environment: string;
  queue: string;
  active: boolean;
  captured: number;
  lastCapturedAt?: string;
  lastError?: string;
};

/** Batches of one queue stored at the same time, at most. */
const MAX_BATCHES_IN_FLIGHT = 4;

/**
 * Drains one dead-letter queue into the store. Messages are acknowledged only
 * after the database has them: a crash before the ack makes the broker
 * redeliver, and the store recognises the redelivery. Deliveries are batched
 * (one insert and one ack per batch) to keep up with the broker.
 *
 * As many batches as the prefetch holds are stored at the same time (up to
 * {@link MAX_BATCHES_IN_FLIGHT}), so that the broker delivers the next batch
 * while the database stores the previous ones. Acknowledgements still go in
 * delivery order: a batch is acknowledged (with `multiple`) only once it and
 * every batch before it are stored.
 */
class QueueCapture {
  private buffer: AmqpDelivery[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private readonly maxInFlight: number;
  /** Settles once every batch taken so far is stored and acknowledged (or given up). */
  private acked: Promise<void> = Promise.resolve();
  /** Set when a batch was not stored: later ones must not acknowledge it. */
  private ackBlocked = false;
  private consumer?: AmqpConsumer;
  private captured = 0;
  private lastCapturedAt?: Date;
  private lastError?: string;
  private stopped = false;

  constructor(
    private readonly options: CaptureQueueConfig,
    private readonly messages: Pick<MessageWriter, 'insertCaptured'>,
    private readonly owners: QueueOwnerIndex,
    private readonly logger: LoggerService,
  ) {
    this.maxInFlight = Math.max(
      1,
      Math.min(
        MAX_BATCHES_IN_FLIGHT,
        Math.floor(options.prefetch / options.batchSize),
      ),
    );
  }

  start() {
    const { environment, queue, prefetch } = this.options;
    this.consumer = environment.consume(queue, { prefetch }, delivery =>
      this.onDelivery(delivery),
    );
  }

  async stop() {
    this.stopped = true;
    await this.consumer?.cancel();
    clearTimeout(this.timer);
    // Whatever is still buffered stays unacknowledged: the broker gives it
    // to the next consumer.
    await this.acked;
  }

  /** Every batch slot is taken: the database is what holds capture back. */
  get saturated(): boolean {
    return (
      this.inFlight >= this.maxInFlight ||
      this.buffer.length >= this.options.batchSize
    );
  }

  status(): CaptureQueueStatus {
    const consumer = this.consumer?.status();
    return {
      environment: this.options.environment.name,
      queue: this.options.queue,
      active: consumer?.active ?? false,
      captured: this.captured,
      lastCapturedAt: this.lastCapturedAt?.toISOString(),
      lastError: this.lastError ?? consumer?.lastError,
    };
  }

  private onDelivery(delivery: AmqpDelivery) {
    this.buffer.push(delivery);
    if (this.buffer.length >= this.options.batchSize) {
      this.flush(false);
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush(true);
      }, this.options.flushIntervalMs);
    }
  }

  /**
   * Starts storing full batches (and, with `partial`, what is left) while
   * fewer than `maxInFlight` batches are being stored.
   */
  private flush(partial: boolean) {
    const { batchSize } = this.options;
    while (
      !this.stopped &&
      this.inFlight < this.maxInFlight &&
      (this.buffer.length >= batchSize || (partial && this.buffer.length > 0))
    ) {
      const batch = this.buffer.splice(0, batchSize);
      this.inFlight += 1;
      const stored = this.storeBatch(batch).finally(() => {
        this.inFlight -= 1;
        // A batch that waited for a free slot goes now; a partial one when
        // its timer fires.
        this.flush(false);
        if (this.buffer.length > 0 && !this.timer && !this.stopped) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.flush(true);
          }, this.options.flushIntervalMs);
        }
      });
      this.acked = Promise.all([this.acked, stored]).then(([, ok]) => {
        if (ok && !this.ackBlocked) {
          this.acknowledge(batch);
        } else {
          this.ackBlocked = true;
        }
      });
    }
    if (this.buffer.length === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Stores a batch, retrying until it is stored (true) or capture stops (false). */
  private async storeBatch(batch: AmqpDelivery[]): Promise<boolean> {
    const { environment, queue } = this.options;
    const messages = batch.map(({ message }) => {
      const captured = parseDeadLetter(message, {
        environment: environment.name,
        deadLetterQueue: queue,
        messageTypeHeaders: this.options.messageTypeHeaders,
      });
      const owner = this.owners.lookup(captured.sourceQueue);
      return {
        ...captured,
        componentRef: owner?.componentRef,
        ownerRef: owner?.ownerRef,
      };
    });

    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.messages.insertCaptured(messages);
        this.lastError = undefined;
        return true;
      } catch (error) {
        this.lastError = `Storing dead letters failed: ${error}`;
        this.logger.warn(
          `Storing ${messages.length} dead letters from ${environment.name}/${queue} failed, retrying: ${error}`,
        );
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
    return false;
  }

  private acknowledge(batch: AmqpDelivery[]) {
    // One acknowledgement per channel: a reconnect in the middle of a batch
    // leaves deliveries of an old channel, whose acks are no-ops anyway.
    const lastPerConsumer = new Map<string, AmqpDelivery>();
    for (const delivery of batch) {
      lastPerConsumer.set(delivery.message.fields.consumerTag, delivery);
    }
    for (const delivery of lastPerConsumer.values()) {
      delivery.ack({ multiple: true });
    }
    this.captured += batch.length;
    this.lastCapturedAt = new Date();
  }
}

/** Messages indexed per statement: small while capture is saturated. */
const INDEX_BATCH = 1000;
const INDEX_BATCH_SATURATED = 100;
/** Pause between statements while capture is saturated. */
const INDEX_PAUSE_SATURATED_MS = 1000;
/** Poll interval once the backlog is empty. */
const INDEX_IDLE_MS = 1000;
const INDEX_ERROR_PAUSE_MS = 10_000;

/**
 * Moves captured messages into the search index (see
 * `SearchIndex.indexSearchBacklog`) in the background. Indexing costs the
 * database several times what storing does, so it yields to capture: while
 * capture is saturated it takes small bites, otherwise it catches up at full
 * speed.
 */
class SearchIndexer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly search: Pick<SearchIndex, 'indexSearchBacklog'>,
    private readonly logger: LoggerService,
    private readonly captureSaturated: () => boolean,
  ) {}

  start() {
    if (this.stopped) {
      this.stopped = false;
      this.schedule(0);
    }
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number) {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.run().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async run() {
    let next = INDEX_IDLE_MS;
    try {
      const saturated = this.captureSaturated();
      const limit = saturated ? INDEX_BATCH_SATURATED : INDEX_BATCH;
      if ((await this.search.indexSearchBacklog(limit)) === limit) {
        next = saturated ? INDEX_PAUSE_SATURATED_MS : 0;
      }
    } catch (error) {
      this.logger.warn(`Indexing dead letters for search failed: ${error}`);
      next = INDEX_ERROR_PAUSE_MS;
    }
    this.schedule(next);
  }
}

export type CaptureServiceOptions = {
  queues: CaptureQueueConfig[];
  /** Where captured messages go, and the search index they wait for. */
  database: {
    messages: Pick<MessageWriter, 'insertCaptured'>;
    search: Pick<SearchIndex, 'searchIndexed' | 'indexSearchBacklog'>;
  };
  owners: QueueOwnerIndex;
  logger: LoggerService;
};

/**
 * Captures every configured (and every discovered) dead-letter queue of
 * every environment.
 */
export class CaptureService {
  private readonly captures = new Map<string, QueueCapture>();
  private started = false;
  private readonly indexer?: SearchIndexer;

  static create(options: CaptureServiceOptions) {
    return new CaptureService(options);
  }

  private constructor(private readonly options: CaptureServiceOptions) {
    options.queues.forEach(queue => this.add(queue));
    const search = options.database.search;
    if (search.searchIndexed) {
      this.indexer = new SearchIndexer(search, options.logger, () =>
        [...this.captures.values()].some(capture => capture.saturated),
      );
    }
  }

  /** Captures one more queue; false when it is captured already. */
  add(queue: CaptureQueueConfig): boolean {
    const key = captureKey(queue.environment.name, queue.queue);
    if (this.captures.has(key)) {
      return false;
    }
    const capture = new QueueCapture(
      queue,
      this.options.database.messages,
      this.options.owners,
      this.options.logger,
    );
    this.captures.set(key, capture);
    if (this.started) {
      capture.start();
    }
    return true;
  }

  /** Stops capturing a queue (e.g. it was deleted); false when unknown. */
  async remove(environment: string, queue: string): Promise<boolean> {
    const key = captureKey(environment, queue);
    const capture = this.captures.get(key);
    if (!capture) {
      return false;
    }
    this.captures.delete(key);
    await capture.stop();
    return true;
  }

  has(environment: string, queue: string): boolean {
    return this.captures.has(captureKey(environment, queue));
  }

  start() {
    this.started = true;
    this.captures.forEach(capture => capture.start());
    this.indexer?.start();
  }

  async stop() {
    this.started = false;
    await Promise.all([
      ...[...this.captures.values()].map(c => c.stop()),
      this.indexer?.stop(),
    ]);
  }

  status(): CaptureQueueStatus[] {
    return [...this.captures.values()].map(capture => capture.status());
  }
}

function captureKey(environment: string, queue: string) {
  return JSON.stringify([environment, queue]);
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}
