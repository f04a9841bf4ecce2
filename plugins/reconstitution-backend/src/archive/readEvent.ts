import { createHash } from 'node:crypto';
import { toJsonSafeObject, type AmqpDelivery } from '@internal/amqp-node';

type ConsumeMessage = AmqpDelivery['message'];
import type { EventToArchive } from '../database/EventArchiveStore';
import { storableText } from './storableText';

/** Where one field of an event is read from. */
export type FieldSource =
  | { header: string }
  | { property: 'type' | 'timestamp' | 'messageId' | 'appId' }
  /** 0-based segment of the routing key split on '.'. */
  | { routingKeySegment: number };

/**
 * How producer domain, entity type, entity id, event name and occurred-at
 * are read from an integration event. Each field tries its sources in order.
 */
export type EventConvention = {
  domain: FieldSource[];
  entityType: FieldSource[];
  entityId: FieldSource[];
  eventName: FieldSource[];
  occurredAt: FieldSource[];
};

/**
 * The default: routing key `<domain>.<entity-type>.<event-name>`, entity id
 * in the `x-entity-id` header, occurred-at in `x-occurred-at` or the AMQP
 * timestamp; headers named like the fields win over the routing key.
 */
export const DEFAULT_CONVENTION: EventConvention = {
  domain: [{ header: 'x-producer-domain' }, { routingKeySegment: 0 }],
  entityType: [{ header: 'x-entity-type' }, { routingKeySegment: 1 }],
  entityId: [{ header: 'x-entity-id' }],
  eventName: [
    { header: 'x-event-name' },
    { property: 'type' },
    { routingKeySegment: 2 },
  ],
  occurredAt: [{ header: 'x-occurred-at' }, { property: 'timestamp' }],
};

function read(
  message: ConsumeMessage,
  sources: FieldSource[],
): unknown | undefined {
  for (const source of sources) {
    let value: unknown;
    if ('header' in source) {
      value = message.properties.headers?.[source.header];
    } else if ('property' in source) {
      value = (message.properties as unknown as Record<string, unknown>)[
        source.property
      ];
    } else {
      value = message.fields.routingKey.split('.')[source.routingKeySegment];
    }
    if (Buffer.isBuffer(value)) value = value.toString('utf8');
    // A field of only NUL falls through to the next source.
    if (typeof value === 'string') value = storableText(value);
    if (value !== undefined && value !== null && value !== '') {
      return value;
    }
  }
  return undefined;
}

function asTime(value: unknown): Date | undefined {
  let date: Date | undefined;
  if (typeof value === 'number') {
    // AMQP timestamps are seconds; larger numbers are milliseconds.
    date = new Date(value < 1e11 ? value * 1000 : value);
  } else if (typeof value === 'string') {
    date = /^\d+$/.test(value) ? asTime(Number(value)) : new Date(value);
  } else if (value instanceof Date) {
    date = value;
  }
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * Reads an integration event from a delivery, or says why it is not one
 * (a required field is missing or unreadable).
 */
export function readEvent(
  message: ConsumeMessage,
  environment: string,
  convention: EventConvention = DEFAULT_CONVENTION,
): { event: EventToArchive } | { skipped: string } {
  const text = (field: keyof EventConvention) => {
    const value = read(message, convention[field]);
    if (value === undefined) return undefined;
    // Cleaned after the cut too: it may split a surrogate pair.
    const cleaned = storableText(String(value).slice(0, 500));
    return cleaned === '' ? undefined : cleaned;
  };
  const domain = text('domain');
  const entityType = text('entityType');
  const entityId = text('entityId');
  const eventName = text('eventName');
  const occurredAt = asTime(read(message, convention.occurredAt));
  const missing = [
    ['producer domain', domain],
    ['entity type', entityType],
    ['entity id', entityId],
    ['event name', eventName],
    ['occurred-at', occurredAt],
  ]
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length > 0) {
    return { skipped: `no ${missing.join(', ')}` };
  }
  const { headers, ...properties } = message.properties;
  const givenId =
    typeof message.properties.messageId === 'string'
      ? storableText(message.properties.messageId)
      : '';
  const messageId =
    givenId !== ''
      ? givenId
      : // Without an id, the same message always hashes the same.
        `sha256:${createHash('sha256')
          .update(message.fields.exchange)
          .update('\0')
          .update(message.fields.routingKey)
          .update('\0')
          .update(JSON.stringify(toJsonSafeObject(headers)))
          .update('\0')
          .update(message.content)
          .digest('hex')}`;
  return {
    event: {
      environment,
      domain: domain!,
      entityType: entityType!,
      entityId: entityId!,
      eventName: eventName!,
      occurredAt: occurredAt!,
      messageId,
      exchange: storableText(message.fields.exchange),
      routingKey: storableText(message.fields.routingKey),
      // Text keeps NUL and lone surrogates: stored as JSON text, where those
      // are escapes, and a job republishes them as they came.
      headers: toJsonSafeObject(headers),
      properties: toJsonSafeObject(properties),
      body: message.content,
    },
  };
}
