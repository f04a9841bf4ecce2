import { RawDeadLetterMessage } from '../parseDeadLetter';

export const context = {
  environment: 'production',
  deadLetterQueue: 'orders.dlq',
};

/** 2026-11-21T10:00:00Z and a minute later, as AMQP timestamps (seconds). */
export const T1 = 1795255200;
export const T2 = T1 + 60;

export function message(
  overrides: {
    content?: Buffer;
    redelivered?: boolean;
    headers?: Record<string, any>;
    properties?: Record<string, any>;
  } = {},
): RawDeadLetterMessage {
  return {
    content: overrides.content ?? Buffer.from('{"orderId":42}'),
    fields: { redelivered: overrides.redelivered ?? false },
    properties: {
      contentType: 'application/json',
      contentEncoding: undefined,
      headers: overrides.headers ?? {},
      deliveryMode: 2,
      priority: undefined,
      correlationId: undefined,
      replyTo: undefined,
      expiration: undefined,
      messageId: 'msg-1',
      timestamp: T1,
      type: 'OrderPlaced',
      userId: undefined,
      appId: 'orders-service',
      clusterId: undefined,
      ...overrides.properties,
    },
  };
}

/**
 * Headers as amqplib decodes them for a message rejected by a consumer of
 * `orders` (routed through `orders.exchange` with `order.placed`), then
 * dead-lettered again when it expired in `orders.retry`: RabbitMQ puts the
 * newest death first.
 */
export function amqplibDeathHeaders(): Record<string, any> {
  return {
    'x-death': [
      {
        count: 3,
        reason: 'expired',
        queue: 'orders.retry',
        time: { '!': 'timestamp', value: T2 },
        exchange: 'orders.retry.exchange',
        'routing-keys': ['orders.retry'],
        'original-expiration': '5000',
      },
      {
        count: 1,
        reason: 'rejected',
        queue: 'orders',
        time: { '!': 'timestamp', value: T1 },
        exchange: 'orders.exchange',
        'routing-keys': ['order.placed', 'order.any'],
      },
    ],
    'x-first-death-exchange': 'orders.exchange',
    'x-first-death-queue': 'orders',
    'x-first-death-reason': 'rejected',
    'x-last-death-exchange': 'orders.retry.exchange',
    'x-last-death-queue': 'orders.retry',
    'x-last-death-reason': 'expired',
  };
}
