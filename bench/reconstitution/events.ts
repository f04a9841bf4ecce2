/*
 * The reconstitution bench's integration events: a few producers (skewed),
 * their entities, and the events in the order they happened over DAYS
 * days, the same every run.
 */
import { randomUUID } from 'node:crypto';
import type { Publish } from '../lib/amqp';
import { seededRandom } from '../lib/stats';
import { DAYS, ENTITIES, EXCHANGE } from './settings';

export type Producer = {
  domain: string;
  entityType: string;
  app: string;
  /** Share of the events. */
  weight: number;
  events: Array<{ name: string; weight: number }>;
  entities: string[];
};

/** A few producers, skewed; 10 event names in all; ~10 events per entity. */
export const PRODUCERS: Producer[] = [
  producer('customer', 'customer-party', 0.4, {
    PartyCreated: 1,
    PartyUpdated: 6,
    AddressChanged: 3,
  }),
  producer('accounts', 'account', 0.3, {
    AccountOpened: 1,
    BalanceChanged: 8,
    AccountClosed: 1,
  }),
  producer('payments', 'payment', 0.2, {
    PaymentInitiated: 1,
    PaymentSettled: 1,
  }),
  producer('cards', 'card', 0.1, { CardIssued: 3, CardBlocked: 1 }),
];

function producer(
  domain: string,
  entityType: string,
  weight: number,
  events: Record<string, number>,
): Producer {
  return {
    domain,
    entityType,
    app: `${domain}-service`,
    weight,
    events: Object.entries(events).map(([name, w]) => ({ name, weight: w })),
    entities: [],
  };
}

function pick<T extends { weight: number }>(items: T[], r: number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let left = r * total;
  for (const item of items) {
    left -= item.weight;
    if (left < 0) return item;
  }
  return items[items.length - 1];
}

function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () =>
    Math.floor(next() * 16).toString(16),
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

// Entities: ENTITIES in all, shared out by the producers' weights.
{
  const next = seededRandom(7);
  for (const p of PRODUCERS) {
    const count = Math.max(1, Math.round(ENTITIES * p.weight));
    for (let k = 0; k < count; k++) p.entities.push(uuid(next));
  }
}

export const DAY_MS = 24 * 3600_000;
/** Events happened over DAYS days up to a minute before the bench started. */
export const END = Math.floor((Date.now() - 60_000) / 1000) * 1000;
export const START = END - DAYS * DAY_MS;

const WORDS = `active address balance branch card channel city closed
credit current customer debit deposit detail email fixed holder joint limit
local main mobile monthly online open partner pending personal postal premium
primary priority regular retail review savings secure standard status
statement transfer update verified`
  .split(/\s+/)
  .filter(Boolean);
const CITIES = ['London', 'Leeds', 'Dublin', 'Lisbon', 'Porto', 'Madrid'];

/**
 * The integration events, in the order they happened (as an archive sees
 * live traffic): a batch at a time, for publishing.
 */
export function* integrationEvents(total: number): Generator<Publish[]> {
  const next = seededRandom(42);
  const step = (END - START) / total;
  let batch: Publish[] = [];
  for (let i = 0; i < total; i++) {
    const p = pick(PRODUCERS, next());
    const entityId = p.entities[Math.floor(next() * p.entities.length)];
    const eventName = pick(p.events, next()).name;
    const at = Math.floor(START + (i + next()) * step);
    const occurredAt = new Date(at).toISOString();
    const messageId = randomUUID();
    const word = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
    const body = JSON.stringify({
      eventId: messageId,
      eventName,
      occurredAt,
      source: p.app,
      subject: { type: p.entityType, id: entityId },
      version: 1 + (i % 5),
      data: {
        status: word(1),
        name: `${word(2)} ${word(3)}`,
        email: `${word(4)}.${word(5)}@example.com`,
        segment: word(6),
        address: {
          street: `${(i % 400) + 1} ${word(7)} Street`,
          city: CITIES[i % CITIES.length],
          postcode: String(i % 99999).padStart(5, '0'),
          country: ['GB', 'IE', 'PT', 'ES'][i % 4],
        },
        amount: Math.round(((i * 7919) % 1_000_000) / 0.07) / 100,
        currency: ['EUR', 'GBP', 'USD'][i % 3],
        changed: [word(8), word(9)],
      },
    });
    batch.push({
      exchange: EXCHANGE,
      routingKey: `${p.domain}.${p.entityType}.${eventName}`,
      content: Buffer.from(body),
      options: {
        persistent: true,
        contentType: 'application/json',
        messageId,
        appId: p.app,
        timestamp: Math.floor(at / 1000),
        headers: {
          'x-entity-id': entityId,
          'x-occurred-at': occurredAt,
          'x-correlation-id': randomUUID(),
          traceparent: `00-${messageId.replace(/-/g, '')}-${messageId.slice(
            0,
            8,
          )}${messageId.slice(9, 13)}${messageId.slice(14, 18)}-01`,
        },
      },
    });
    if (batch.length === 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
