/*
 * The application messages the dead-letter bench has RabbitMQ dead-letter:
 * ~1 KiB JSON bodies and the headers a failing consumer leaves, different
 * for every message.
 */
import { randomUUID } from 'node:crypto';
import type { Publish } from '../lib/amqp';
import { SOURCES, SourceQueue } from './settings';
import { CITIES, WORDS } from './words';

const NOTE_WORDS = WORDS.slice(0, 120);

/** ~1 KiB of JSON, different for every message. */
function applicationBody(i: number, s: SourceQueue, messageId: string): string {
  const word = (k: number) => NOTE_WORDS[(i * 31 + k * 17) % NOTE_WORDS.length];
  return JSON.stringify({
    eventId: messageId,
    eventType: s.type,
    occurredAt: new Date().toISOString(),
    producer: s.app,
    customer: {
      id: `CUST-${(i * 7919) % 900001}`,
      name: `${word(1)} ${word(2)}`,
      email: `${word(3)}.${word(4)}@example.com`,
      segment: word(5),
      riskScore: i % 100,
      address: {
        street: `${(i % 400) + 1} ${word(6)} Street`,
        city: CITIES[i % CITIES.length],
        postcode: String(i % 99999).padStart(5, '0'),
        country: ['GB', 'IE', 'NL', 'PT', 'ES', 'FR', 'DE'][i % 7],
      },
    },
    order: {
      id: `ORD-${i}`,
      currency: ['EUR', 'GBP', 'USD', 'CHF'][i % 4],
      total: Math.round(((i * 13) % 100000) / 0.07) / 100,
      lines: [1, 2, 3].map(line => ({
        sku: `SKU-${(i * line * 101) % 50000}`,
        description: `${word(line * 3)} ${word(line * 3 + 1)} ${word(
          line * 3 + 2,
        )}`,
        quantity: 1 + ((i + line) % 9),
        unitPrice: Math.round(((i * line) % 5000) / 0.03) / 100,
      })),
    },
    payment: {
      method: word(20),
      reference: `PAY-${messageId.slice(0, 12)}`,
      status: word(21),
    },
    note: Array.from({ length: 12 }, (_, k) => word(30 + k)).join(' '),
    trace: {
      traceId: messageId.replace(/-/g, ''),
      spanId: messageId.slice(0, 16),
    },
  });
}

function applicationHeaders(
  i: number,
  s: SourceQueue,
): Record<string, unknown> {
  return {
    traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID()
      .replace(/-/g, '')
      .slice(0, 16)}-01`,
    'x-tenant': 'meridian',
    'x-retry-count': i % 4,
    'x-exception-type': s.exception,
    'x-exception-message': `Validation of ${s.type} failed: field ${
      NOTE_WORDS[i % NOTE_WORDS.length]
    } is not valid`,
    'x-exception-stacktrace': `${s.exception}\n  at com.meridian.${
      s.app
    }.Handler.handle(Handler.java:${
      40 + (i % 400)
    })\n  at com.meridian.messaging.Dispatcher.dispatch(Dispatcher.java:212)\n  at com.meridian.messaging.Consumer.onMessage(Consumer.java:88)`,
  };
}

/** `total` messages over the source queues in turn, a batch at a time. */
export function* applicationMessages(total: number): Generator<Publish[]> {
  const batchSize = 1000;
  for (let from = 0; from < total; from += batchSize) {
    const batch: Publish[] = [];
    for (let i = from; i < Math.min(total, from + batchSize); i++) {
      const s = SOURCES[i % SOURCES.length];
      const messageId = randomUUID();
      batch.push({
        exchange: s.exchange,
        routingKey: s.routingKey,
        content: Buffer.from(applicationBody(i, s, messageId)),
        options: {
          persistent: true,
          contentType: 'application/json',
          messageId,
          correlationId: randomUUID(),
          type: s.type,
          appId: s.app,
          timestamp: Math.floor(Date.now() / 1000),
          headers: applicationHeaders(i, s),
        },
      });
    }
    yield batch;
  }
}
