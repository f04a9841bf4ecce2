import type { AmqpDelivery } from '@internal/amqp-node';

type ConsumeMessage = AmqpDelivery['message'];
import { readEvent } from './readEvent';

function message(options: {
  routingKey?: string;
  headers?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  body?: string;
}): ConsumeMessage {
  return {
    content: Buffer.from(options.body ?? '{"id":1}'),
    fields: {
      deliveryTag: 1,
      redelivered: false,
      exchange: 'integration-events',
      routingKey:
        options.routingKey ?? 'organisation.organisation-party.PartyUpdated',
      consumerTag: 'c',
    },
    properties: {
      headers: options.headers ?? {},
      ...options.properties,
    },
  } as unknown as ConsumeMessage;
}

describe('readEvent', () => {
  it('reads the default convention: routing key, entity id header, AMQP timestamp', () => {
    const result = readEvent(
      message({
        headers: { 'x-entity-id': 'party-42', 'x-tenant': Buffer.from('mb') },
        properties: { messageId: 'm-1', timestamp: 1_790_000_000 },
      }),
      'dev',
    );
    expect(result).toEqual({
      event: expect.objectContaining({
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
        eventName: 'PartyUpdated',
        entityId: 'party-42',
        messageId: 'm-1',
        occurredAt: new Date(1_790_000_000_000),
        headers: {
          'x-entity-id': 'party-42',
          'x-tenant': { $binary: Buffer.from('mb').toString('base64') },
        },
      }),
    });
  });

  it('prefers headers over the routing key and accepts ISO times', () => {
    const result = readEvent(
      message({
        routingKey: 'anything',
        headers: {
          'x-producer-domain': 'payments',
          'x-entity-type': 'payment',
          'x-entity-id': 7,
          'x-event-name': 'PaymentSettled',
          'x-occurred-at': '2026-11-21T10:00:00.123Z',
        },
      }),
      'prod',
    );
    expect('event' in result && result.event).toMatchObject({
      domain: 'payments',
      entityType: 'payment',
      entityId: '7',
      eventName: 'PaymentSettled',
      occurredAt: new Date('2026-11-21T10:00:00.123Z'),
    });
  });

  it('gives a message without an id the same stable id every time', () => {
    const spec = {
      headers: { 'x-entity-id': 'p', 'x-occurred-at': '2026-11-21T10:00:00Z' },
    };
    const a = readEvent(message(spec), 'dev');
    const b = readEvent(message(spec), 'dev');
    const c = readEvent(message({ ...spec, body: '{"id":2}' }), 'dev');
    const id = (r: typeof a) => ('event' in r ? r.event.messageId : r.skipped);
    expect(id(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(id(a)).toBe(id(b));
    expect(id(c)).not.toBe(id(a));
  });

  it('says which fields are missing', () => {
    expect(
      readEvent(message({ routingKey: 'organisation', headers: {} }), 'dev'),
    ).toEqual({
      skipped: 'no entity type, entity id, event name, occurred-at',
    });
    expect(
      readEvent(
        message({
          headers: { 'x-entity-id': 'p', 'x-occurred-at': 'not a time' },
        }),
        'dev',
      ),
    ).toEqual({ skipped: 'no occurred-at' });
  });
});
