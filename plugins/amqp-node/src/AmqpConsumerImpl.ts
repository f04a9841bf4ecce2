import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { backoffDelay, settlesWithin, waitUntil } from './backoff';
import { AmqpHost, AmqpResource, closeChannelQuietly } from './internal';
import { AmqpConsumer, AmqpDelivery } from './types';

type ConsumerChannel = {
  channel: Channel;
  model: ChannelModel;
  /** Set as soon as the channel is closed or being closed; settlement becomes a no-op. */
  closed: boolean;
  /** True once basic.consume succeeded (a later loss must trigger a retry). */
  subscribed: boolean;
  consumerTag?: string;
  error?: string;
  /** Delivery tags delivered on this channel and not yet acked/nacked. */
  unsettled: Set<number>;
};

/** @internal */
export type ConsumeOptions = { prefetch: number; exclusive?: boolean };

/**
 * One subscription on its own channel, re-established after channel errors
 * (with backoff) and after reconnects.
 *
 * @internal
 */
export class AmqpConsumerImpl implements AmqpConsumer, AmqpResource {
  readonly #host: AmqpHost;
  readonly #queue: string;
  readonly #options: ConsumeOptions;
  readonly #onDelivery: (delivery: AmqpDelivery) => void;
  readonly #onRemoved: (consumer: AmqpConsumerImpl) => void;

  #current?: ConsumerChannel;
  #subscribing?: Promise<void>;
  #cancelled = false;
  #cancelPromise?: Promise<void>;
  #active = false;
  #lastError?: string;
  #attempt = 0;
  #retryTimer?: ReturnType<typeof setTimeout>;

  constructor(options: {
    host: AmqpHost;
    queue: string;
    consumeOptions: ConsumeOptions;
    onDelivery: (delivery: AmqpDelivery) => void;
    onRemoved: (consumer: AmqpConsumerImpl) => void;
  }) {
    this.#host = options.host;
    this.#queue = options.queue;
    this.#options = options.consumeOptions;
    this.#onDelivery = options.onDelivery;
    this.#onRemoved = options.onRemoved;
  }

  status(): { queue: string; active: boolean; lastError?: string } {
    return {
      queue: this.#queue,
      active: this.#active,
      ...(this.#lastError !== undefined ? { lastError: this.#lastError } : {}),
    };
  }

  cancel(): Promise<void> {
    if (!this.#cancelPromise) {
      this.#cancelPromise = this.#doCancel(
        Date.now() + this.#host.shutdownTimeoutMs,
      );
    }
    return this.#cancelPromise;
  }

  /** @internal */
  markFailed(reason: string) {
    this.#lastError = reason;
    this.#active = false;
  }

  // --- AmqpResource -------------------------------------------------------

  onConnected(_model: ChannelModel): void {
    if (this.#cancelled) {
      return;
    }
    this.#clearRetry();
    this.#startSubscribe();
  }

  onConnectionLost(model: ChannelModel): void {
    const current = this.#current;
    if (current && current.model === model) {
      this.#teardown(current, current.error ?? 'connection lost', true);
    }
  }

  shutdown(deadline: number): Promise<void> {
    if (!this.#cancelPromise) {
      this.#cancelPromise = this.#doCancel(deadline);
    }
    return this.#cancelPromise;
  }

  abort(reason: string): void {
    this.#cancelled = true;
    this.#clearRetry();
    const current = this.#current;
    if (current) {
      this.#teardown(current, reason, true);
    }
    this.#active = false;
  }

  // --- subscription lifecycle ---------------------------------------------

  #startSubscribe() {
    if (this.#cancelled || this.#current || this.#subscribing) {
      return;
    }
    if (this.#host.isStopped() || !this.#host.currentModel()) {
      return; // onConnected will call us again
    }
    this.#subscribing = this.#subscribe().finally(() => {
      this.#subscribing = undefined;
    });
  }

  async #subscribe(): Promise<void> {
    const model = this.#host.currentModel();
    if (!model) {
      return;
    }
    let cc: ConsumerChannel | undefined;
    try {
      const channel = await model.createChannel();
      const created: ConsumerChannel = {
        channel,
        model,
        closed: false,
        subscribed: false,
        unsettled: new Set(),
      };
      cc = created;
      this.#current = created;
      channel.on('error', (error: unknown) => {
        created.error = this.#host.describeError(error);
      });
      channel.on('close', () => {
        this.#teardown(created, created.error ?? 'channel closed', true);
      });
      if (this.#cancelled) {
        this.#teardown(created, undefined, false);
        return;
      }

      await channel.prefetch(this.#options.prefetch);
      const ok = await channel.consume(
        this.#queue,
        message => this.#onMessage(created, message),
        { exclusive: this.#options.exclusive ?? false, noAck: false },
      );
      created.consumerTag = ok.consumerTag;
      created.subscribed = true;

      if (created.closed) {
        // Lost between consume-ok and here; teardown ran before we were
        // marked subscribed, so it did not schedule the retry.
        this.#scheduleRetry();
        return;
      }
      if (this.#cancelled) {
        this.#teardown(created, undefined, false);
        return;
      }
      this.#active = true;
      this.#lastError = undefined;
      this.#attempt = 0;
      this.#host.logger.info(
        `AMQP consumer subscribed to queue "${this.#queue}" (prefetch ${
          this.#options.prefetch
        }${this.#options.exclusive ? ', exclusive' : ''})`,
      );
    } catch (error) {
      const reason = cc?.error ?? this.#host.describeError(error);
      if (cc) {
        this.#teardown(cc, reason, false);
      }
      if (!this.#cancelled) {
        this.#lastError = reason;
        this.#active = false;
        this.#host.logger.warn(
          `AMQP consumer failed to subscribe to queue "${
            this.#queue
          }": ${reason}`,
        );
        this.#scheduleRetry();
      }
    }
  }

  /**
   * Marks the channel closed (settlement becomes a no-op), forgets it, closes
   * it if it is still open and - for a subscription that was established and
   * lost - schedules a re-subscribe. Idempotent.
   */
  #teardown(
    cc: ConsumerChannel,
    reason: string | undefined,
    alreadyClosed: boolean,
  ) {
    if (cc.closed) {
      return;
    }
    cc.closed = true;
    if (this.#current === cc) {
      this.#current = undefined;
      this.#active = false;
      if (reason !== undefined && !this.#cancelled) {
        this.#lastError = reason;
      }
    }
    if (!alreadyClosed) {
      void closeChannelQuietly(cc.channel, 2000);
    }
    if (cc.subscribed && !this.#cancelled && !this.#host.isStopped()) {
      this.#host.logger.warn(
        `AMQP consumer on queue "${this.#queue}" lost its subscription: ${
          reason ?? 'channel closed'
        }`,
      );
      this.#scheduleRetry();
    }
  }

  #scheduleRetry() {
    if (this.#cancelled || this.#retryTimer || this.#host.isStopped()) {
      return;
    }
    if (!this.#host.currentModel()) {
      return; // resubscribed from onConnected
    }
    const delayMs = backoffDelay(this.#attempt++, this.#host.backoff);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#startSubscribe();
    }, delayMs);
    this.#retryTimer.unref?.();
  }

  #clearRetry() {
    if (this.#retryTimer) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
    }
  }

  // --- deliveries -----------------------------------------------------------

  #onMessage(cc: ConsumerChannel, message: ConsumeMessage | null) {
    if (message === null) {
      // basic.cancel from the broker, e.g. the queue was deleted.
      cc.subscribed = true;
      this.#teardown(
        cc,
        `consumer cancelled by the broker (queue "${this.#queue}" deleted?)`,
        false,
      );
      return;
    }
    if (cc.closed) {
      return; // cannot be settled; the broker will redeliver it
    }
    cc.unsettled.add(message.fields.deliveryTag);
    const delivery: AmqpDelivery = {
      message,
      ack: options =>
        this.#settle(cc, message, 'ack', options?.multiple ?? false, false),
      nack: options =>
        this.#settle(
          cc,
          message,
          'nack',
          options?.multiple ?? false,
          options?.requeue ?? true,
        ),
    };
    try {
      const result = this.#onDelivery(delivery) as unknown;
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(undefined, error => {
          this.#host.logger.error(
            `AMQP delivery handler for queue "${
              this.#queue
            }" rejected: ${this.#host.describeError(error)}`,
          );
        });
      }
    } catch (error) {
      // The delivery stays unsettled (it occupies a prefetch slot until it is
      // settled or the channel closes, at which point it is redelivered).
      this.#host.logger.error(
        `AMQP delivery handler for queue "${
          this.#queue
        }" threw: ${this.#host.describeError(error)}`,
      );
    }
  }

  #settle(
    cc: ConsumerChannel,
    message: ConsumeMessage,
    kind: 'ack' | 'nack',
    multiple: boolean,
    requeue: boolean,
  ) {
    if (cc.closed) {
      return;
    }
    const tag = message.fields.deliveryTag;
    let upTo: number;
    if (multiple) {
      const tags = [...cc.unsettled].filter(t => t <= tag);
      if (tags.length === 0) {
        return;
      }
      for (const t of tags) {
        cc.unsettled.delete(t);
      }
      // Use the highest still-unsettled tag so the broker never sees a tag
      // that was already settled (406 PRECONDITION_FAILED would close the
      // channel and requeue everything).
      upTo = Math.max(...tags);
    } else {
      if (!cc.unsettled.delete(tag)) {
        return; // already settled
      }
      upTo = tag;
    }
    const target =
      upTo === tag
        ? message
        : ({
            ...message,
            fields: { ...message.fields, deliveryTag: upTo },
          } as ConsumeMessage);
    try {
      if (kind === 'ack') {
        cc.channel.ack(target, multiple);
      } else {
        cc.channel.nack(target, multiple, requeue);
      }
    } catch {
      // The channel closed under us; the broker will redeliver.
    }
  }

  // --- cancel -----------------------------------------------------------------

  async #doCancel(deadline: number): Promise<void> {
    this.#cancelled = true;
    this.#clearRetry();
    this.#onRemoved(this);

    if (this.#subscribing) {
      await settlesWithin(
        this.#subscribing,
        Math.max(0, deadline - Date.now()),
      );
    }
    const cc = this.#current;
    if (cc && !cc.closed) {
      if (cc.consumerTag) {
        try {
          const cancelling = cc.channel.cancel(cc.consumerTag);
          cancelling.catch(() => {});
          await settlesWithin(cancelling, Math.max(0, deadline - Date.now()));
        } catch {
          // channel already unusable
        }
      }
      // Give in-flight deliveries a chance to be acked before closing the
      // channel (which would requeue them and cause duplicates).
      await waitUntil(
        () => cc.closed || cc.unsettled.size === 0,
        deadline - Date.now(),
      );
      if (!cc.closed) {
        cc.closed = true;
        if (this.#current === cc) {
          this.#current = undefined;
        }
        await closeChannelQuietly(
          cc.channel,
          Math.max(500, deadline - Date.now()),
        );
      }
    }
    this.#active = false;
  }
}
