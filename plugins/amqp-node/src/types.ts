import type { ConsumeMessage } from 'amqplib';

/**
 * Connection state of an {@link AmqpEnvironment}.
 *
 * - `connecting`: a connection attempt is in progress
 * - `connected`: the connection is open
 * - `disconnected`: not connected; a reconnect attempt is scheduled (or
 *   `start()` has not been called yet)
 * - `stopped`: `stop()` was called; terminal
 *
 * @public
 */
export type AmqpConnectionState =
  | 'connecting'
  | 'connected'
  | 'disconnected'
  | 'stopped';

/**
 * Point-in-time status of an {@link AmqpEnvironment}.
 *
 * @public
 */
export type AmqpEnvironmentStatus = {
  environment: string;
  state: AmqpConnectionState;
  /** ISO timestamp of the last state change. */
  since: string;
  /**
   * The most recent connection error (never contains the password). Cleared
   * when a connection is established.
   */
  lastError?: string;
};

/**
 * A message delivered to a consumer, with its settlement functions.
 *
 * `ack`/`nack` are safe no-ops when the delivery's channel has closed in the
 * meantime (the broker redelivers those messages), and when the delivery has
 * already been settled (directly, or by a `multiple` settlement).
 *
 * @public
 */
export type AmqpDelivery = {
  message: ConsumeMessage;
  /** `multiple: true` acks every unsettled delivery up to and including this one on the same channel. */
  ack(options?: { multiple?: boolean }): void;
  /** `requeue` defaults to `true` (AMQP default). `requeue: false` dead-letters the message if the queue has a DLX. */
  nack(options?: { requeue?: boolean; multiple?: boolean }): void;
};

/**
 * A subscription created by {@link AmqpEnvironment.consume}.
 *
 * @public
 */
export interface AmqpConsumer {
  /**
   * Stops the subscription: sends `basic.cancel`, gives in-flight deliveries a
   * bounded time to be settled, then closes the consumer's channel (the
   * broker requeues anything still unacked). Idempotent.
   */
  cancel(): Promise<void>;
  status(): { queue: string; active: boolean; lastError?: string };
}
