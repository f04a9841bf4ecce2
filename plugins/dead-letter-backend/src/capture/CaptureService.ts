import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpConsumer,
  AmqpDelivery,
  AmqpEnvironment,
} from '@internal/amqp-node';
import { DeadLetterStore } from '../database/DeadLetterStore';
import { QueueOwnerIndex } from '../services/QueueOwnerIndex';
import { parseDeadLetter } from './parseDeadLetter';

export type CaptureQueueConfig = {
  environment: AmqpEnvironment;
  queue: string;
  prefetch: number;
  batchSize: number;
  flushIntervalMs: number;
};

export type CaptureQueueStatus = {
  environment: string;
  queue: string;
  active: boolean;
  captured: number;
  lastCapturedAt?: string;
  lastError?: string;
};

/**
 * Drains one dead-letter queue into the store. Messages are acknowledged only
 * after the database has them: a crash before the ack makes the broker
 * redeliver, and the store recognises the redelivery. Deliveries are batched
 * (one insert and one ack per batch) to keep up with the broker.
 */
class QueueCapture {
  private buffer: AmqpDelivery[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private consumer?: AmqpConsumer;
  private captured = 0;
  private lastCapturedAt?: Date;
  private lastError?: string;
  private stopped = false;

  constructor(
    private readonly options: CaptureQueueConfig,
    private readonly store: DeadLetterStore,
    private readonly owners: QueueOwnerIndex,
    private readonly logger: LoggerService,
  ) {}

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
    await this.flushing;
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
      this.scheduleFlush(0);
    } else if (!this.timer) {
      this.scheduleFlush(this.options.flushIntervalMs);
    }
  }

  private scheduleFlush(delayMs: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, delayMs);
  }

  private async flush() {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0 || this.stopped) {
      return;
    }
    const { environment, queue } = this.options;
    const messages = batch.map(({ message }) => {
      const captured = parseDeadLetter(message, {
        environment: environment.name,
        deadLetterQueue: queue,
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
        await this.store.insertCaptured(messages);
        this.lastError = undefined;
        break;
      } catch (error) {
        this.lastError = `Storing dead letters failed: ${error}`;
        this.logger.warn(
          `Storing ${messages.length} dead letters from ${environment.name}/${queue} failed, retrying: ${error}`,
        );
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
    if (this.stopped && this.lastError) {
      return;
    }

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

/** Captures every configured dead-letter queue of every environment. */
export class CaptureService {
  private readonly captures: QueueCapture[];

  static create(options: {
    queues: CaptureQueueConfig[];
    store: DeadLetterStore;
    owners: QueueOwnerIndex;
    logger: LoggerService;
  }) {
    return new CaptureService(options);
  }

  private constructor(options: {
    queues: CaptureQueueConfig[];
    store: DeadLetterStore;
    owners: QueueOwnerIndex;
    logger: LoggerService;
  }) {
    this.captures = options.queues.map(
      queue =>
        new QueueCapture(queue, options.store, options.owners, options.logger),
    );
  }

  start() {
    this.captures.forEach(capture => capture.start());
  }

  async stop() {
    await Promise.all(this.captures.map(capture => capture.stop()));
  }

  status(): CaptureQueueStatus[] {
    return this.captures.map(capture => capture.status());
  }
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}
