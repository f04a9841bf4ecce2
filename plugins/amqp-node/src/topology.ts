import type { Channel } from 'amqplib';

/**
 * Names used by {@link declareDeadLetterTopology}.
 *
 * @public
 */
export type DeadLetterTopologyNames = {
  /** Durable topic exchange the application publishes to. */
  exchange: string;
  /** Durable application queue, bound to `exchange` with `routingKey`, dead-lettering to `deadLetterExchange`. */
  queue: string;
  /** Durable fanout dead-letter exchange. */
  deadLetterExchange: string;
  /** Durable dead-letter queue bound to `deadLetterExchange`. */
  deadLetterQueue: string;
  routingKey: string;
};

/**
 * Test/dev helper declaring a minimal dead-lettering topology:
 *
 * - a durable fanout DLX and a durable DLQ bound to it,
 * - a durable topic exchange and a durable application queue bound to it with
 *   `routingKey` and `x-dead-letter-exchange` set to the DLX.
 *
 * Messages rejected from the application queue with `requeue: false` (or
 * expiring) then arrive in the DLQ carrying an `x-death` header stamped by
 * RabbitMQ. Declarations are idempotent, but fail with 406
 * PRECONDITION_FAILED (closing the channel) if an entity already exists with
 * different arguments.
 *
 * @public
 */
export async function declareDeadLetterTopology(
  channel: Channel,
  names: DeadLetterTopologyNames,
): Promise<void> {
  // Dead-letter side first, so the app queue never dead-letters into nothing.
  await channel.assertExchange(names.deadLetterExchange, 'fanout', {
    durable: true,
  });
  await channel.assertQueue(names.deadLetterQueue, { durable: true });
  await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, '');

  await channel.assertExchange(names.exchange, 'topic', { durable: true });
  await channel.assertQueue(names.queue, {
    durable: true,
    deadLetterExchange: names.deadLetterExchange,
  });
  await channel.bindQueue(names.queue, names.exchange, names.routingKey);
}
