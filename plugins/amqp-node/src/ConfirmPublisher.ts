import { randomUUID } from 'node:crypto';
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import { settlesWithin, waitUntil } from './backoff';
import {
  ChannelClosedError,
  PublishNackError,
  UnroutableError,
} from './errors';
import {
  AmqpHost,
  AmqpResource,
  closeChannelQuietly,
  errorCode,
  isIllegalOperation,
} from './internal';

/**
 * Header used to correlate `basic.return` with the publish it belongs to.
 * It is added to every message published through a {@link ConfirmPublisher}.
 *
 * @public
 */
export const PUBLISH_ID_HEADER = 'x-amqp-node-publish-id';

/**
 * A message to publish with {@link ConfirmPublisher.publish}.
 *
 * @public
 */
export type AmqpPublishMessage = {
  exchange: string;
  routingKey: string;
  content: Buffer;
  /**
   * amqplib publish options. `mandatory` and `persistent` are always forced to
   * `true`; all other properties (headers, messageId, contentType, ...) are
   * passed through.
   */
  options?: Options.Publish;
};

type PendingPublish = {
  id: string;
  exchange: string;
  routingKey: string;
  resolve(): void;
  reject(error: Error): void;
  returned?: { replyCode?: number; replyText?: string };
};

type PublisherChannel = {
  channel: ConfirmChannel;
  model: ChannelModel;
  closed: boolean;
  closeReason?: string;
  closeCode?: number;
  /** False after `publish()` returned false, until 'drain'. */
  writable: boolean;
  waiters: Array<() => void>;
  pending: Map<string, PendingPublish>;
};

const DEFAULT_MAX_IN_FLIGHT = 1000;

/**
 * Publishes with publisher confirms on a dedicated ConfirmChannel of an
 * {@link AmqpEnvironment}. Create it with `environment.publisher()`.
 *
 * `publish` resolves only once the broker has acked the message. It rejects
 * with {@link UnroutableError} when the broker returned the (mandatory)
 * message, {@link PublishNackError} on a nack and {@link ChannelClosedError}
 * when the channel or connection went away before the confirm arrived (or
 * when the environment is not connected) - in that last case the outcome is
 * unknown and the message must be treated as not confirmed.
 *
 * @public
 */
export class ConfirmPublisher {
  readonly #host: AmqpHost;
  readonly #maxInFlight: number;
  #inFlight = 0;
  #slotWaiters: Array<() => void> = [];
  #current?: PublisherChannel;
  #opening?: Promise<PublisherChannel>;
  readonly #channels = new Set<PublisherChannel>();
  #closed = false;
  #closedReason = 'publisher closed';
  /** Rejects when the publisher is aborted, to unblock waits that could otherwise hang. */
  readonly #aborted: Promise<never>;
  #signalAborted: (error: Error) => void = () => {};

  /** @internal - use `AmqpEnvironment.publisher()` */
  constructor(
    host: AmqpHost,
    options: { maxInFlight?: number } | undefined,
    register: (resource: AmqpResource) => void,
  ) {
    const maxInFlight = options?.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new TypeError(
        `maxInFlight must be a positive integer, got ${maxInFlight}`,
      );
    }
    this.#host = host;
    this.#maxInFlight = maxInFlight;
    this.#aborted = new Promise<never>((_resolve, reject) => {
      this.#signalAborted = reject;
    });
    this.#aborted.catch(() => {});
    register({
      onConnected: () => {},
      onConnectionLost: model => this.#onConnectionLost(model),
      shutdown: deadline => this.#shutdown(deadline),
      abort: reason => this.#abort(reason),
    });
  }

  /**
   * Publishes one message and resolves when the broker confirmed it. Waits
   * (without bound) for a free slot when `maxInFlight` publishes are already
   * awaiting confirmation, and for the socket to drain under back-pressure.
   */
  async publish(message: AmqpPublishMessage): Promise<void> {
    if (!Buffer.isBuffer(message.content)) {
      throw new TypeError('AMQP publish: content must be a Buffer');
    }
    this.#assertOpen();
    await this.#acquireSlot();
    try {
      this.#assertOpen();
      const pc = await this.#getChannel();
      while (!pc.writable && !pc.closed && !this.#closed) {
        await new Promise<void>(resolve => pc.waiters.push(resolve));
      }
      this.#assertOpen();
      await this.#send(pc, message);
    } finally {
      this.#releaseSlot();
    }
  }

  // --- slots -----------------------------------------------------------------

  #acquireSlot(): Promise<void> | void {
    if (this.#inFlight < this.#maxInFlight) {
      this.#inFlight++;
      return undefined;
    }
    return new Promise<void>(resolve => this.#slotWaiters.push(resolve));
  }

  #releaseSlot() {
    const next = this.#slotWaiters.shift();
    if (next) {
      next(); // hand the slot over directly; #inFlight is unchanged
    } else {
      this.#inFlight--;
    }
  }

  #assertOpen() {
    if (this.#closed) {
      throw new ChannelClosedError(
        `AMQP environment "${this.#host.name}": ${this.#closedReason}`,
      );
    }
    if (this.#host.isStopped()) {
      throw new ChannelClosedError(
        `AMQP environment "${this.#host.name}" is stopped`,
      );
    }
  }

  // --- channel ---------------------------------------------------------------

  async #getChannel(): Promise<PublisherChannel> {
    const current = this.#current;
    if (current && !current.closed) {
      return current;
    }
    if (!this.#opening) {
      const model = this.#host.currentModel();
      if (!model) {
        throw new ChannelClosedError(
          `AMQP environment "${
            this.#host.name
          }" is not connected (state: ${this.#host.connectionState()})`,
        );
      }
      this.#opening = this.#open(model).finally(() => {
        this.#opening = undefined;
      });
    }
    return Promise.race([this.#opening, this.#aborted]);
  }

  async #open(model: ChannelModel): Promise<PublisherChannel> {
    let channel: ConfirmChannel;
    try {
      channel = await model.createConfirmChannel();
    } catch (error) {
      throw new ChannelClosedError(
        `AMQP environment "${
          this.#host.name
        }": could not open a confirm channel: ${this.#host.describeError(
          error,
        )}`,
        { code: errorCode(error) },
      );
    }
    const pc: PublisherChannel = {
      channel,
      model,
      closed: false,
      writable: true,
      waiters: [],
      pending: new Map(),
    };
    channel.on('error', (error: unknown) => {
      pc.closeReason = this.#host.describeError(error);
      pc.closeCode = errorCode(error);
      this.#host.logger.warn(
        `AMQP publisher channel closed by the broker: ${pc.closeReason}`,
      );
    });
    // amqplib's own 'close' listener (registered in its constructor, so it
    // runs first) fails every outstanding confirm callback; this one only
    // cleans up whatever is left.
    channel.on('close', () => this.#onChannelClosed(pc));
    channel.on('drain', () => {
      pc.writable = true;
      this.#wake(pc);
    });
    channel.on('return', (returned: Message) => this.#onReturn(pc, returned));
    this.#channels.add(pc);
    if (this.#closed || this.#host.isStopped()) {
      this.#onChannelClosed(pc);
      void closeChannelQuietly(channel, 1000);
      this.#assertOpen();
    }
    this.#current = pc;
    return pc;
  }

  #wake(pc: PublisherChannel) {
    const waiters = pc.waiters;
    pc.waiters = [];
    for (const waiter of waiters) {
      waiter();
    }
  }

  #onChannelClosed(pc: PublisherChannel, reason?: string) {
    if (!pc.closed) {
      pc.closed = true;
      if (reason && !pc.closeReason) {
        pc.closeReason = reason;
      }
    }
    if (this.#current === pc) {
      this.#current = undefined;
    }
    this.#wake(pc);
    for (const pending of [...pc.pending.values()]) {
      this.#settle(pc, pending, new Error('channel closed'));
    }
    this.#channels.delete(pc);
  }

  #closedError(pc: PublisherChannel): ChannelClosedError {
    return new ChannelClosedError(
      `AMQP environment "${
        this.#host.name
      }": channel closed before the publish was confirmed (outcome unknown)${
        pc.closeReason ? `: ${pc.closeReason}` : ''
      }`,
      { code: pc.closeCode },
    );
  }

  // --- publish ---------------------------------------------------------------

  #send(pc: PublisherChannel, message: AmqpPublishMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (pc.closed) {
        reject(this.#closedError(pc));
        return;
      }
      const id = randomUUID();
      const pending: PendingPublish = {
        id,
        exchange: message.exchange,
        routingKey: message.routingKey,
        resolve,
        reject,
      };
      const options: Options.Publish = {
        ...message.options,
        headers: { ...message.options?.headers, [PUBLISH_ID_HEADER]: id },
        mandatory: true,
        persistent: true,
      };
      pc.pending.set(id, pending);
      let writable: boolean;
      try {
        writable = pc.channel.publish(
          message.exchange,
          message.routingKey,
          message.content,
          options,
          (error: unknown) => this.#settle(pc, pending, error),
        );
      } catch (error) {
        pc.pending.delete(id);
        if (isIllegalOperation(error)) {
          this.#onChannelClosed(pc, this.#host.describeError(error));
          reject(this.#closedError(pc));
        } else {
          reject(error);
        }
        return;
      }
      if (!writable) {
        pc.writable = false;
      }
    });
  }

  #onReturn(pc: PublisherChannel, returned: Message) {
    const id = returned.properties.headers?.[PUBLISH_ID_HEADER];
    const pending = typeof id === 'string' ? pc.pending.get(id) : undefined;
    const fields = returned.fields as unknown as {
      replyCode?: number;
      replyText?: string;
    };
    if (pending) {
      pending.returned = {
        replyCode: fields.replyCode,
        replyText: fields.replyText,
      };
    } else {
      this.#host.logger.warn(
        `AMQP publisher received a basic.return it cannot correlate (exchange "${returned.fields.exchange}", routing key "${returned.fields.routingKey}", ${fields.replyCode} ${fields.replyText})`,
      );
    }
  }

  #settle(pc: PublisherChannel, pending: PendingPublish, error: unknown) {
    if (!pc.pending.delete(pending.id)) {
      return; // already settled
    }
    if (pending.returned) {
      // basic.return precedes the ack for the same publish; a return means
      // the message was not routed, whatever comes after it.
      pending.reject(
        new UnroutableError(
          `Message to exchange "${pending.exchange}" with routing key "${
            pending.routingKey
          }" was returned by the broker as unroutable (${
            pending.returned.replyCode ?? '?'
          } ${pending.returned.replyText ?? ''})`.trimEnd(),
          pending.returned,
        ),
      );
    } else if (error === null || error === undefined) {
      pending.resolve();
    } else if ((error as Error)?.message === 'message nacked') {
      pending.reject(
        new PublishNackError(
          `Message to exchange "${pending.exchange}" with routing key "${pending.routingKey}" was nacked by the broker`,
        ),
      );
    } else {
      pending.reject(this.#closedError(pc));
    }
  }

  // --- lifecycle (driven by the environment) ----------------------------------

  #pendingCount(): number {
    let count = 0;
    for (const pc of this.#channels) {
      count += pc.pending.size;
    }
    return count;
  }

  #onConnectionLost(model: ChannelModel) {
    for (const pc of [...this.#channels]) {
      if (pc.model === model) {
        this.#onChannelClosed(pc, 'connection lost');
      }
    }
  }

  async #shutdown(deadline: number): Promise<void> {
    if (this.#opening) {
      await settlesWithin(this.#opening, Math.max(0, deadline - Date.now()));
    }
    await waitUntil(
      () => this.#pendingCount() === 0 && !this.#opening,
      deadline - Date.now(),
    );
    this.#closed = true;
    this.#closedReason = 'environment stopped';
    for (const pc of [...this.#channels]) {
      if (!pc.closed) {
        await closeChannelQuietly(
          pc.channel,
          Math.max(200, deadline - Date.now()),
        );
      }
      this.#onChannelClosed(pc, 'environment stopped');
    }
  }

  #abort(reason: string) {
    this.#closed = true;
    this.#closedReason = reason;
    this.#signalAborted(
      new ChannelClosedError(
        `AMQP environment "${this.#host.name}": ${reason}`,
      ),
    );
    for (const pc of [...this.#channels]) {
      this.#onChannelClosed(pc, reason);
    }
  }
}
