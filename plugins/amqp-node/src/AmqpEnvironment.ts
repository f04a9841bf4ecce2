import os from 'node:os';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { connect } from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { AmqpConsumerImpl } from './AmqpConsumerImpl';
import { backoffDelay, BackoffOptions, settlesWithin } from './backoff';
import { ConfirmPublisher } from './ConfirmPublisher';
import {
  AmqpHost,
  AmqpResource,
  closeChannelQuietly,
  errorCode,
} from './internal';
import { createErrorDescriber, redactUrl } from './redact';
import {
  AmqpConnectionState,
  AmqpConsumer,
  AmqpDelivery,
  AmqpEnvironmentStatus,
} from './types';

/**
 * Options for {@link AmqpEnvironment.create}.
 *
 * @public
 */
export type AmqpEnvironmentOptions = {
  /** Environment name, used in logs, status and the broker-side connection name. */
  name: string;
  /** `amqp://` or `amqps://` URL. Never logged with its password. */
  url: string;
  logger: LoggerService;
  /** Reconnect (and consumer re-subscribe) backoff. Defaults: 1000ms .. 30000ms. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /**
   * Upper bound for `stop()`: time given to consumers to settle in-flight
   * deliveries and to publishers to receive outstanding confirms. Default 5000ms.
   */
  shutdownTimeoutMs?: number;
  /** TCP connect + AMQP handshake timeout per attempt. Default 10000ms. */
  connectTimeoutMs?: number;
};

/**
 * One AMQP broker connection ("environment") with a background reconnect
 * loop, per-consumer channels and confirm publishers that survive reconnects.
 *
 * @public
 */
export class AmqpEnvironment {
  readonly name: string;

  readonly #url: string;
  readonly #logger: LoggerService;
  readonly #backoff: BackoffOptions;
  readonly #shutdownTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #describeError: (error: unknown) => string;
  readonly #host: AmqpHost;

  #state: AmqpConnectionState = 'disconnected';
  #since = new Date();
  #lastError?: string;
  readonly #listeners = new Set<(status: AmqpEnvironmentStatus) => void>();

  #started = false;
  #stopped = false;
  #stopPromise?: Promise<void>;
  #model?: ChannelModel;
  #attempt = 0;
  #reconnectTimer?: ReturnType<typeof setTimeout>;
  #connecting?: Promise<void>;
  readonly #resources = new Set<AmqpResource>();

  static create(options: AmqpEnvironmentOptions): AmqpEnvironment {
    return new AmqpEnvironment(options);
  }

  private constructor(options: AmqpEnvironmentOptions) {
    const initialDelayMs = options.reconnect?.initialDelayMs ?? 1000;
    const maxDelayMs = Math.max(
      initialDelayMs,
      options.reconnect?.maxDelayMs ?? 30000,
    );
    if (!(initialDelayMs > 0)) {
      throw new TypeError('reconnect.initialDelayMs must be > 0');
    }
    this.name = options.name;
    this.#url = options.url;
    this.#logger = options.logger;
    this.#backoff = { initialDelayMs, maxDelayMs };
    this.#shutdownTimeoutMs = options.shutdownTimeoutMs ?? 5000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10000;
    this.#describeError = createErrorDescriber(options.url);

    this.#host = {
      name: this.name,
      logger: this.#logger,
      backoff: this.#backoff,
      shutdownTimeoutMs: this.#shutdownTimeoutMs,
      currentModel: () =>
        this.#state === 'connected' ? this.#model : undefined,
      connectionState: () => this.#state,
      isStopped: () => this.#stopped,
      describeError: error => this.#describeError(error),
    };
  }

  // --- status ------------------------------------------------------------------

  status(): AmqpEnvironmentStatus {
    return {
      environment: this.name,
      state: this.#state,
      since: this.#since.toISOString(),
      ...(this.#lastError !== undefined ? { lastError: this.#lastError } : {}),
    };
  }

  onStatusChange(
    listener: (status: AmqpEnvironmentStatus) => void,
  ): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Resolves once the environment is connected. Rejects when `timeoutMs`
   * elapses first (the message includes the last connection error) or when
   * the environment is stopped. Without a timeout it waits indefinitely.
   */
  whenConnected(timeoutMs?: number): Promise<void> {
    if (this.#state === 'connected') {
      return Promise.resolve();
    }
    if (this.#stopped) {
      return Promise.reject(this.#notConnectedError('is stopped'));
    }
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let unsubscribe: () => void = () => {};
      const settle = (error?: Error) => {
        unsubscribe();
        if (timer) {
          clearTimeout(timer);
        }
        if (error) {
          reject(error);
        } else {
          resolve();
        }
      };
      unsubscribe = this.onStatusChange(status => {
        if (status.state === 'connected') {
          settle();
        } else if (status.state === 'stopped') {
          settle(this.#notConnectedError('was stopped'));
        }
      });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          settle(
            this.#notConnectedError(`did not connect within ${timeoutMs}ms`),
          );
        }, timeoutMs);
      }
    });
  }

  #notConnectedError(what: string): ServiceUnavailableError {
    return new ServiceUnavailableError(
      `AMQP environment "${this.name}" ${what} (state: ${this.#state}${
        this.#lastError ? `, last error: ${this.#lastError}` : ''
      })`,
    );
  }

  #setState(state: AmqpConnectionState, lastError?: string | null) {
    // lastError: undefined = keep, null = clear, string = set
    const previousError = this.#lastError;
    if (lastError === null) {
      this.#lastError = undefined;
    } else if (lastError !== undefined) {
      this.#lastError = lastError;
    }
    if (state === this.#state && previousError === this.#lastError) {
      return;
    }
    if (state !== this.#state) {
      this.#state = state;
      this.#since = new Date();
    }
    const status = this.status();
    for (const listener of [...this.#listeners]) {
      try {
        listener(status);
      } catch (error) {
        this.#logger.warn(
          `AMQP status listener threw: ${this.#describeError(error)}`,
        );
      }
    }
  }

  // --- connection loop ------------------------------------------------------

  /** Starts the background connect loop. Never throws, never blocks. */
  start(): void {
    if (this.#started || this.#stopped) {
      return;
    }
    this.#started = true;
    this.#logger.info(
      `AMQP environment "${this.name}" starting (${redactUrl(this.#url)})`,
    );
    this.#connectNow();
  }

  #connectNow() {
    this.#reconnectTimer = undefined;
    if (this.#stopped || this.#connecting || this.#model) {
      return;
    }
    this.#setState('connecting');
    this.#connecting = this.#attemptConnect().finally(() => {
      this.#connecting = undefined;
    });
  }

  async #attemptConnect(): Promise<void> {
    let model: ChannelModel;
    try {
      model = await connect(this.#url, {
        timeout: this.#connectTimeoutMs,
        clientProperties: {
          connection_name: `backstage ${this.name} (${os.hostname()} pid ${
            process.pid
          })`,
        },
      });
    } catch (error) {
      if (this.#stopped) {
        return;
      }
      const message = this.#describeError(error);
      this.#logger.warn(
        `AMQP environment "${this.name}" failed to connect to ${redactUrl(
          this.#url,
        )}: ${message}`,
      );
      this.#scheduleReconnect(message);
      return;
    }

    model.on('error', (error: unknown) => {
      this.#logger.warn(
        `AMQP environment "${
          this.name
        }" connection error: ${this.#describeError(error)}`,
      );
    });
    model.on('close', (error?: unknown) =>
      this.#onConnectionClosed(model, error),
    );
    model.on('blocked', (reason: string) => {
      this.#logger.warn(
        `AMQP environment "${this.name}" connection blocked by the broker: ${reason}`,
      );
    });
    model.on('unblocked', () => {
      this.#logger.info(
        `AMQP environment "${this.name}" connection unblocked by the broker`,
      );
    });

    if (this.#stopped) {
      await this.#closeModel(model, 1000);
      return;
    }

    this.#model = model;
    this.#attempt = 0;
    this.#setState('connected', null);
    this.#logger.info(
      `AMQP environment "${this.name}" connected to ${redactUrl(this.#url)}`,
    );
    for (const resource of [...this.#resources]) {
      try {
        resource.onConnected(model);
      } catch (error) {
        this.#logger.error(
          `AMQP environment "${
            this.name
          }" resource failed on connect: ${this.#describeError(error)}`,
        );
      }
    }
  }

  #onConnectionClosed(model: ChannelModel, error: unknown) {
    if (this.#model !== model) {
      return;
    }
    this.#model = undefined;
    const reason = error ? this.#describeError(error) : 'connection closed';
    if (!this.#stopped) {
      this.#logger.warn(
        `AMQP environment "${this.name}" lost its connection: ${reason}`,
      );
      // Set the state before notifying resources, so that they see the
      // environment as disconnected and wait for onConnected.
      this.#setState('disconnected', reason);
    }
    for (const resource of [...this.#resources]) {
      try {
        resource.onConnectionLost(model);
      } catch {
        // ignore
      }
    }
    if (!this.#stopped) {
      this.#scheduleReconnect(reason);
    }
  }

  #scheduleReconnect(reason: string) {
    if (this.#stopped || this.#reconnectTimer) {
      return;
    }
    const delayMs = backoffDelay(this.#attempt++, this.#backoff);
    this.#setState('disconnected', reason);
    this.#logger.debug(
      `AMQP environment "${this.name}" reconnecting in ${delayMs}ms`,
    );
    this.#reconnectTimer = setTimeout(() => this.#connectNow(), delayMs);
    this.#reconnectTimer.unref?.();
  }

  async #closeModel(model: ChannelModel, timeoutMs: number) {
    let closing: Promise<void>;
    try {
      closing = model.close();
    } catch {
      closing = Promise.resolve();
    }
    closing.catch(() => {});
    if (!(await settlesWithin(closing, timeoutMs))) {
      // The broker did not answer connection.close: drop the socket. Passing
      // an error makes amqplib run its socket-error path, which closes all
      // channels (failing their callbacks) and stops the heartbeat timers.
      try {
        (
          model.connection as unknown as {
            stream?: { destroy(error?: Error): void };
          }
        ).stream?.destroy(new Error('connection close timed out'));
      } catch {
        // ignore
      }
    }
  }

  /**
   * Cancels consumers (in-flight deliveries get a bounded time to be settled),
   * waits (bounded) for outstanding publisher confirms and closes the
   * connection. Publishes still unconfirmed at the end are rejected with
   * `ChannelClosedError`. The state becomes `stopped`; the environment cannot
   * be restarted. Never rejects.
   */
  stop(): Promise<void> {
    if (!this.#stopPromise) {
      this.#stopPromise = this.#doStop();
    }
    return this.#stopPromise;
  }

  async #doStop(): Promise<void> {
    this.#stopped = true;
    if (this.#reconnectTimer) {
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = undefined;
    }
    // From here on no new channel is handed out (currentModel() is only
    // returned while 'connected'); consumers and publishers shut down on the
    // channels they already have.
    this.#setState('stopped');
    const deadline = Date.now() + this.#shutdownTimeoutMs;
    if (this.#connecting) {
      // A connection that opens after this point is closed right away by
      // #attemptConnect; wait (bounded) so that it does not outlive stop().
      await settlesWithin(this.#connecting, deadline - Date.now());
    }
    const resources = [...this.#resources];
    try {
      // Consumers first (stop taking new work), then publishers.
      await Promise.all(
        resources
          .filter(r => r instanceof AmqpConsumerImpl)
          .map(r => r.shutdown(deadline)),
      );
      await Promise.all(
        resources
          .filter(r => !(r instanceof AmqpConsumerImpl))
          .map(r => r.shutdown(deadline)),
      );
    } catch (error) {
      this.#logger.warn(
        `AMQP environment "${
          this.name
        }" error during shutdown: ${this.#describeError(error)}`,
      );
    }
    const model = this.#model;
    this.#model = undefined;
    if (model) {
      await this.#closeModel(model, Math.max(1000, deadline - Date.now()));
    }
    for (const resource of resources) {
      resource.abort('environment stopped');
    }
    this.#resources.clear();
    this.#logger.info(`AMQP environment "${this.name}" stopped`);
  }

  // --- consumers, publishers, admin channels ----------------------------------

  /**
   * Subscribes to `queue` on a dedicated channel with the given prefetch. The
   * subscription is (re-)established whenever the environment is connected;
   * failures (missing queue, exclusive conflicts, ...) are retried with
   * backoff and reported through `status().lastError`.
   */
  consume(
    queue: string,
    options: { prefetch: number; exclusive?: boolean },
    onDelivery: (delivery: AmqpDelivery) => void,
  ): AmqpConsumer {
    const prefetch = options.prefetch;
    if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65535) {
      throw new TypeError(
        `AMQP consume: prefetch must be an integer between 1 and 65535, got ${prefetch}`,
      );
    }
    const consumer = new AmqpConsumerImpl({
      host: this.#host,
      queue,
      consumeOptions: { prefetch, exclusive: options.exclusive },
      onDelivery,
      onRemoved: c => this.#resources.delete(c),
    });
    if (this.#stopped) {
      consumer.markFailed(`AMQP environment "${this.name}" is stopped`);
      return consumer;
    }
    this.#resources.add(consumer);
    if (this.#state === 'connected' && this.#model) {
      consumer.onConnected(this.#model);
    }
    return consumer;
  }

  /** Creates a confirm publisher (its own ConfirmChannel, opened lazily). */
  publisher(options?: { maxInFlight?: number }): ConfirmPublisher {
    return new ConfirmPublisher(this.#host, options, resource => {
      if (this.#stopped) {
        resource.abort('environment stopped');
      } else {
        this.#resources.add(resource);
      }
    });
  }

  /**
   * Runs `fn` with a short-lived channel (for topology/admin operations) and
   * closes it afterwards. Rejects with a `ServiceUnavailableError` when not
   * connected. A channel-level error (e.g. `checkQueue` on a missing queue,
   * 404) rejects with amqplib's error (which carries `code`) and only closes
   * this channel, never the connection.
   */
  async withChannel<T>(fn: (channel: Channel) => Promise<T>): Promise<T> {
    const model = this.#host.currentModel();
    if (!model) {
      throw this.#notConnectedError('is not connected');
    }
    let channel: Channel;
    try {
      channel = await model.createChannel();
    } catch (error) {
      throw new ServiceUnavailableError(
        `AMQP environment "${
          this.name
        }": could not open a channel: ${this.#describeError(error)}`,
      );
    }
    let channelError: (Error & { code?: number }) | undefined;
    let closed = false;
    channel.on('error', (error: Error) => {
      channelError = error;
    });
    channel.on('close', () => {
      closed = true;
    });
    let result: T;
    try {
      result = await fn(channel);
    } catch (error) {
      if (!closed) {
        await closeChannelQuietly(channel, 2000);
      }
      throw error;
    }
    if (channelError) {
      // The broker closed the channel while fn was running, but fn did not
      // observe it (e.g. an un-awaited publish to a missing exchange).
      const error = new Error(
        `AMQP environment "${
          this.name
        }": channel closed by the broker: ${this.#describeError(channelError)}`,
      ) as Error & { code?: number };
      error.code = errorCode(channelError);
      throw error;
    }
    if (!closed) {
      await closeChannelQuietly(channel, 2000);
    }
    return result;
  }
}
