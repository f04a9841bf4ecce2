import { createHash } from 'node:crypto';
import { BODY_TEXT_LIMIT } from '../database/types';
import {
  parseDeadLetter,
  parseDeathHistory,
  RawDeadLetterMessage,
} from './parseDeadLetter';

const context = { environment: 'production', deadLetterQueue: 'orders.dlq' };

/** 2026-11-21T10:00:00Z and a minute later, as AMQP timestamps (seconds). */
const T1 = 1795255200;
const T2 = T1 + 60;

function message(
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
function amqplibDeathHeaders(): Record<string, any> {
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

describe('parseDeadLetter', () => {
  describe('death history', () => {
    it('reads the first death from amqplib-decoded x-death and x-first-death headers', () => {
      const parsed = parseDeadLetter(
        message({ headers: amqplibDeathHeaders() }),
        context,
      );

      expect(parsed.environment).toBe('production');
      expect(parsed.deadLetterQueue).toBe('orders.dlq');
      expect(parsed.sourceQueue).toBe('orders');
      expect(parsed.reason).toBe('rejected');
      expect(parsed.originalExchange).toBe('orders.exchange');
      expect(parsed.originalRoutingKeys).toEqual(['order.placed', 'order.any']);
      expect(parsed.deathHistory).toEqual([
        {
          queue: 'orders.retry',
          reason: 'expired',
          count: 3,
          time: '2026-11-21T10:01:00.000Z',
          exchange: 'orders.retry.exchange',
          routingKeys: ['orders.retry'],
        },
        {
          queue: 'orders',
          reason: 'rejected',
          count: 1,
          time: '2026-11-21T10:00:00.000Z',
          exchange: 'orders.exchange',
          routingKeys: ['order.placed', 'order.any'],
        },
      ]);
      expect(parsed.firstDeathAt).toEqual(new Date('2026-11-21T10:00:00Z'));
      expect(parsed.lastDeathAt).toEqual(new Date('2026-11-21T10:01:00Z'));
    });

    it('falls back to the oldest x-death entry without x-first-death headers', () => {
      const headers = amqplibDeathHeaders();
      delete headers['x-first-death-exchange'];
      delete headers['x-first-death-queue'];
      delete headers['x-first-death-reason'];
      const parsed = parseDeadLetter(message({ headers }), context);

      expect(parsed.sourceQueue).toBe('orders');
      expect(parsed.reason).toBe('rejected');
      expect(parsed.originalExchange).toBe('orders.exchange');
      expect(parsed.originalRoutingKeys).toEqual(['order.placed', 'order.any']);
    });

    it('takes the routing keys of the entry matching the first death', () => {
      // The first death queue died again later for another reason; the
      // matching entry is the one with the first death's reason.
      const headers = {
        'x-death': [
          {
            count: 1,
            reason: 'expired',
            queue: 'orders',
            exchange: '',
            'routing-keys': ['orders'],
          },
          {
            count: 2,
            reason: 'rejected',
            queue: 'orders',
            exchange: 'orders.exchange',
            'routing-keys': ['order.placed'],
          },
          {
            count: 1,
            reason: 'maxlen',
            queue: 'older-but-unrelated',
            exchange: 'x',
            'routing-keys': ['nope'],
          },
        ],
        'x-first-death-queue': 'orders',
        'x-first-death-reason': 'rejected',
      };
      const parsed = parseDeadLetter(message({ headers }), context);
      expect(parsed.sourceQueue).toBe('orders');
      expect(parsed.originalExchange).toBe('orders.exchange');
      expect(parsed.originalRoutingKeys).toEqual(['order.placed']);
    });

    it('keeps the default exchange as an empty string', () => {
      const parsed = parseDeadLetter(
        message({
          headers: {
            'x-death': [
              {
                count: 1,
                reason: 'rejected',
                queue: 'orders',
                time: { '!': 'timestamp', value: T1 },
                exchange: '',
                'routing-keys': ['orders'],
              },
            ],
            'x-first-death-exchange': '',
            'x-first-death-queue': 'orders',
            'x-first-death-reason': 'rejected',
          },
        }),
        context,
      );
      expect(parsed.originalExchange).toBe('');
      expect(parsed.originalRoutingKeys).toEqual(['orders']);
    });

    it('defaults everything when there is no x-death', () => {
      const parsed = parseDeadLetter(message({ headers: {} }), context);
      expect(parsed.sourceQueue).toBe('orders.dlq');
      expect(parsed.reason).toBe('unknown');
      expect(parsed.originalExchange).toBe('');
      expect(parsed.originalRoutingKeys).toEqual([]);
      expect(parsed.deathHistory).toEqual([]);
      expect(parsed.firstDeathAt).toBeUndefined();
      expect(parsed.lastDeathAt).toBeUndefined();
    });

    it('defaults everything when there are no headers at all', () => {
      const raw = message();
      delete raw.properties.headers;
      const parsed = parseDeadLetter(raw, context);
      expect(parsed.sourceQueue).toBe('orders.dlq');
      expect(parsed.reason).toBe('unknown');
      expect(parsed.headers).toEqual({});
    });

    it('uses the x-first-death headers when x-death is missing', () => {
      const parsed = parseDeadLetter(
        message({
          headers: {
            'x-first-death-queue': 'payments',
            'x-first-death-reason': 'delivery_limit',
            'x-first-death-exchange': 'payments.exchange',
          },
        }),
        context,
      );
      expect(parsed.sourceQueue).toBe('payments');
      expect(parsed.reason).toBe('delivery_limit');
      expect(parsed.originalExchange).toBe('payments.exchange');
      expect(parsed.originalRoutingKeys).toEqual([]);
    });

    it.each([
      ['a string', 'not an array'],
      ['a number', 42],
      ['null', null],
      ['an array of junk', [null, 5, 'x', [], true]],
    ])('ignores x-death that is %s', (_, value) => {
      const parsed = parseDeadLetter(
        message({ headers: { 'x-death': value } }),
        context,
      );
      expect(parsed.deathHistory).toEqual([]);
      expect(parsed.sourceQueue).toBe('orders.dlq');
      expect(parsed.reason).toBe('unknown');
    });

    it('parses malformed x-death entries field by field', () => {
      const history = parseDeathHistory([
        {
          queue: 7,
          reason: Buffer.from('rejected'),
          count: 'many',
          time: 'garbage',
          exchange: null,
          'routing-keys': 'single-key',
        },
        {
          queue: 'q',
          reason: 'expired',
          count: BigInt(12),
          time: T1,
          'routing-keys': ['a', 5, { nested: true }, Buffer.from('b')],
        },
        {
          queue: 'q2',
          count: -3,
          time: { '!': 'timestamp', value: 1e300 },
        },
        {
          queue: 'q3',
          count: { '!': 'long', value: 4 },
          time: new Date('2026-01-01T00:00:00Z'),
        },
        { queue: 'q4', time: 1795255200123 },
      ]);
      expect(history).toEqual([
        {
          queue: '7',
          reason: 'rejected',
          count: 1,
          exchange: '',
          routingKeys: ['single-key'],
        },
        {
          queue: 'q',
          reason: 'expired',
          count: 12,
          time: '2026-11-21T10:00:00.000Z',
          exchange: '',
          routingKeys: ['a', '5', 'b'],
        },
        { queue: 'q2', reason: '', count: 1, exchange: '', routingKeys: [] },
        {
          queue: 'q3',
          reason: '',
          count: 4,
          time: '2026-01-01T00:00:00.000Z',
          exchange: '',
          routingKeys: [],
        },
        {
          queue: 'q4',
          reason: '',
          count: 1,
          // Too large to be seconds: taken as milliseconds.
          time: '2026-11-21T10:00:00.123Z',
          exchange: '',
          routingKeys: [],
        },
      ]);
    });

    it('accepts a single x-death table that is not in an array', () => {
      const parsed = parseDeadLetter(
        message({
          headers: {
            'x-death': {
              queue: 'orders',
              reason: 'rejected',
              count: 1,
              exchange: 'e',
              'routing-keys': ['k'],
            },
          },
        }),
        context,
      );
      expect(parsed.sourceQueue).toBe('orders');
      expect(parsed.originalRoutingKeys).toEqual(['k']);
    });
  });

  describe('body', () => {
    it('classifies a JSON body as json and keeps its text for search', () => {
      const parsed = parseDeadLetter(message(), context);
      expect(parsed.bodyEncoding).toBe('json');
      expect(parsed.bodyText).toBe('{"orderId":42}');
      expect(parsed.body.equals(Buffer.from('{"orderId":42}'))).toBe(true);
    });

    it('classifies invalid JSON with a JSON content type as text', () => {
      const parsed = parseDeadLetter(
        message({ content: Buffer.from('{"orderId": 42,') }),
        context,
      );
      expect(parsed.contentType).toBe('application/json');
      expect(parsed.bodyEncoding).toBe('text');
      expect(parsed.bodyText).toBe('{"orderId": 42,');
    });

    it('classifies plain UTF-8 as text', () => {
      const parsed = parseDeadLetter(
        message({
          content: Buffer.from('grüße, 世界 🎉'),
          properties: { contentType: 'text/plain' },
        }),
        context,
      );
      expect(parsed.bodyEncoding).toBe('text');
      expect(parsed.bodyText).toBe('grüße, 世界 🎉');
    });

    it('classifies an empty body as text', () => {
      const parsed = parseDeadLetter(
        message({ content: Buffer.alloc(0) }),
        context,
      );
      expect(parsed.bodyEncoding).toBe('text');
      expect(parsed.bodyText).toBe('');
      expect(parsed.body.length).toBe(0);
    });

    it.each([
      ['arbitrary bytes', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80])],
      [
        'text with one invalid sequence',
        Buffer.concat([Buffer.from('hello '), Buffer.from([0xc3, 0x28])]),
      ],
      ['an overlong encoding', Buffer.from([0x41, 0xc0, 0xaf])],
      ['an encoded surrogate', Buffer.from([0x41, 0xed, 0xa0, 0x80])],
      ['a truncated sequence', Buffer.from([0x41, 0xe2, 0x82])],
    ])('classifies %s as binary and keeps the exact bytes', (_, content) => {
      const parsed = parseDeadLetter(
        message({ content, properties: { contentType: 'text/plain' } }),
        context,
      );
      expect(parsed.bodyEncoding).toBe('binary');
      expect(parsed.bodyText).toBeUndefined();
      expect(parsed.body.equals(content)).toBe(true);
    });

    it('stores HTML and script payloads as they are', () => {
      const html =
        '<html><body><script>alert(document.cookie)</script>' +
        '<img src=x onerror="fetch(\'//evil\')"></body></html>';
      const parsed = parseDeadLetter(
        message({
          content: Buffer.from(html),
          properties: { contentType: 'text/html' },
          headers: { 'x-exception': '<script>alert(1)</script>' },
        }),
        context,
      );
      expect(parsed.body.toString('utf8')).toBe(html);
      expect(parsed.bodyEncoding).toBe('text');
      expect(parsed.bodyText).toBe(html);
      expect(parsed.exceptionType).toBe('<script>alert(1)</script>');
      expect(parsed.headers['x-exception']).toBe('<script>alert(1)</script>');
    });

    it('removes NUL characters from the search text only', () => {
      const content = Buffer.from('a\u0000b');
      const parsed = parseDeadLetter(message({ content }), context);
      expect(parsed.bodyEncoding).toBe('text');
      expect(parsed.bodyText).toBe('ab');
      expect(parsed.body.equals(content)).toBe(true);
    });

    it('handles a 10 MiB text body, truncating only the search text', () => {
      const content = Buffer.alloc(10 * 1024 * 1024, 'abcdefghij');
      const parsed = parseDeadLetter(
        message({ content, properties: { contentType: 'text/plain' } }),
        context,
      );
      expect(parsed.body).toBe(content);
      expect(parsed.body.length).toBe(10 * 1024 * 1024);
      expect(parsed.bodyEncoding).toBe('text');
      expect(parsed.bodyText).toBe(
        content.subarray(0, BODY_TEXT_LIMIT).toString('utf8'),
      );
    });

    it('handles a 10 MiB JSON body', () => {
      const items = Array.from({ length: 180_000 }, (_, i) => ({
        id: i,
        name: `item-${i}-${'x'.repeat(20)}`,
      }));
      let json = JSON.stringify(items);
      json += ' '.repeat(10 * 1024 * 1024 - Buffer.byteLength(json));
      const content = Buffer.from(json);
      expect(content.length).toBe(10 * 1024 * 1024);
      const parsed = parseDeadLetter(message({ content }), context);
      expect(parsed.bodyEncoding).toBe('json');
      expect(parsed.body.equals(content)).toBe(true);
      expect(Buffer.byteLength(parsed.bodyText!)).toBe(BODY_TEXT_LIMIT);
    });

    it('handles a 10 MiB binary body', () => {
      const content = Buffer.alloc(10 * 1024 * 1024);
      for (let i = 0; i < content.length; i++) {
        content[i] = (i * 131 + 7) % 256;
      }
      const parsed = parseDeadLetter(message({ content }), context);
      expect(parsed.bodyEncoding).toBe('binary');
      expect(parsed.bodyText).toBeUndefined();
      expect(parsed.body.equals(content)).toBe(true);
    });

    it('truncates the search text on a character boundary', () => {
      // 'a' then two-byte characters: byte BODY_TEXT_LIMIT falls inside one.
      const text = `a${'é'.repeat(BODY_TEXT_LIMIT)}`;
      const parsed = parseDeadLetter(
        message({ content: Buffer.from(text) }),
        context,
      );
      expect(parsed.bodyEncoding).toBe('text');
      const bodyText = parsed.bodyText!;
      expect(Buffer.byteLength(bodyText)).toBe(BODY_TEXT_LIMIT - 1);
      expect(text.startsWith(bodyText)).toBe(true);
      expect(bodyText).not.toContain('\ufffd');
    });
  });

  describe('headers and properties', () => {
    it('copies headers into JSON-safe values', () => {
      const circular: Record<string, unknown> = { name: 'loop' };
      circular.self = circular;
      const parsed = parseDeadLetter(
        message({
          headers: {
            ...amqplibDeathHeaders(),
            'x-trace': Buffer.from([0, 1, 2, 255]),
            'x-when': new Date('2026-11-21T10:00:00.000Z'),
            'x-big': BigInt('12345678901234567890'),
            'x-nan': NaN,
            'x-missing': undefined,
            'x-table': {
              list: [1, 'two', Buffer.from('three'), [true, null], undefined],
              decimal: { '!': 'decimal', value: { places: 2, digits: 12345 } },
            },
            'x-circular': circular,
          },
        }),
        context,
      );
      const headers = parsed.headers;
      expect(headers['x-trace']).toEqual({ $binary: 'AAEC/w==' });
      expect(headers['x-when']).toBe('2026-11-21T10:00:00.000Z');
      expect(headers['x-big']).toBe('12345678901234567890');
      expect(headers['x-nan']).toBe('NaN');
      expect('x-missing' in headers).toBe(false);
      expect(headers['x-table']).toEqual({
        list: [1, 'two', { $binary: 'dGhyZWU=' }, [true, null], null],
        decimal: { '!': 'decimal', value: { places: 2, digits: 12345 } },
      });
      expect(headers['x-circular']).toEqual({
        name: 'loop',
        self: '[Circular]',
      });
      // amqplib's tagged timestamps stay tagged, so a replay can re-encode them.
      expect((headers['x-death'] as any[])[0].time).toEqual({
        '!': 'timestamp',
        value: T2,
      });
      expect(JSON.parse(JSON.stringify(headers))).toEqual(headers);
    });

    it('copies the properties except headers, dropping unset ones', () => {
      const parsed = parseDeadLetter(
        message({ headers: { a: 1 }, properties: { correlationId: 'c-1' } }),
        context,
      );
      expect(parsed.properties).toEqual({
        contentType: 'application/json',
        deliveryMode: 2,
        messageId: 'msg-1',
        timestamp: T1,
        type: 'OrderPlaced',
        appId: 'orders-service',
        correlationId: 'c-1',
      });
      expect(parsed.messageId).toBe('msg-1');
      expect(parsed.messageType).toBe('OrderPlaced');
      expect(parsed.contentType).toBe('application/json');
      expect(parsed.contentEncoding).toBeUndefined();
    });

    it('keeps a huge header value and clamps column values', () => {
      const huge = 'x'.repeat(1024 * 1024);
      const parsed = parseDeadLetter(
        message({
          headers: {
            'x-huge': huge,
            'x-exception': `${'E'.repeat(5000)}\nstack`,
            'x-first-death-queue': 'q'.repeat(10_000),
          },
        }),
        context,
      );
      expect(parsed.headers['x-huge']).toBe(huge);
      expect(parsed.exceptionType).toBe('E'.repeat(255));
      expect(parsed.sourceQueue).toBe('q'.repeat(255));
    });

    it.each([
      ['x-exception-type', 'com.example.OrderRejectedException'],
      ['exception-type', 'System.InvalidOperationException'],
      ['X-Exception-Type', 'ValueError'],
      ['x-exception', 'TimeoutError: took too long\n  at handler.js:1'],
      ['MT-Fault-ExceptionType', 'System.ArgumentException'],
    ])('reads the exception type from %s', (name, value) => {
      const parsed = parseDeadLetter(
        message({ headers: { [name]: value } }),
        context,
      );
      expect(parsed.exceptionType).toBe(value.split('\n')[0]);
    });

    it('prefers x-exception-type over x-exception', () => {
      const parsed = parseDeadLetter(
        message({
          headers: {
            'x-exception': 'boom: something failed',
            'x-exception-type': 'BoomError',
          },
        }),
        context,
      );
      expect(parsed.exceptionType).toBe('BoomError');
    });

    it('reads the exception type from a byte-array header', () => {
      const parsed = parseDeadLetter(
        message({ headers: { 'x-exception-type': Buffer.from('BoomError') } }),
        context,
      );
      expect(parsed.exceptionType).toBe('BoomError');
    });

    it('has no exception type without such a header', () => {
      const parsed = parseDeadLetter(
        message({ headers: { 'x-exception-type': '   ' } }),
        context,
      );
      expect(parsed.exceptionType).toBeUndefined();
    });

    it('reads the portal replay headers', () => {
      const parsed = parseDeadLetter(
        message({
          headers: {
            'x-portal-replay-count': 2,
            'x-portal-replay-job': 'job-7',
            'x-portal-dead-letter-id': '0b6c2f0e-7c7e-4f5e-9a57-2f1f0f2b7c11',
          },
        }),
        context,
      );
      expect(parsed.replayCount).toBe(2);
      expect(parsed.replayJobId).toBe('job-7');
      expect(parsed.previousLifeId).toBe(
        '0b6c2f0e-7c7e-4f5e-9a57-2f1f0f2b7c11',
      );
    });

    it.each([
      [undefined, 0],
      ['3', 3],
      [BigInt(4), 4],
      [-1, 0],
      ['lots', 0],
      [{ nested: 1 }, 0],
      [2.7, 2],
    ])('reads replay count %p as %p', (value, expected) => {
      const parsed = parseDeadLetter(
        message({ headers: { 'x-portal-replay-count': value } }),
        context,
      );
      expect(parsed.replayCount).toBe(expected);
    });

    it('defaults the replay headers', () => {
      const parsed = parseDeadLetter(message(), context);
      expect(parsed.replayCount).toBe(0);
      expect(parsed.replayJobId).toBeUndefined();
      expect(parsed.previousLifeId).toBeUndefined();
    });
  });

  describe('hashes', () => {
    it('gives a broker redelivery the same content hash', () => {
      const first = parseDeadLetter(
        message({ headers: amqplibDeathHeaders() }),
        context,
      );
      // Same message, headers decoded in another key order, redelivered.
      const reordered = Object.fromEntries(
        Object.entries(amqplibDeathHeaders()).reverse(),
      );
      const again = parseDeadLetter(
        message({ headers: reordered, redelivered: true }),
        context,
      );
      expect(again.redelivered).toBe(true);
      expect(first.redelivered).toBe(false);
      expect(again.contentHash).toBe(first.contentHash);
      expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('ignores the delivery counters a quorum queue adds on redelivery', () => {
      const first = parseDeadLetter(
        message({ headers: amqplibDeathHeaders() }),
        context,
      );
      const again = parseDeadLetter(
        message({
          headers: {
            ...amqplibDeathHeaders(),
            'x-delivery-count': 1,
            'x-acquired-count': 2,
          },
          redelivered: true,
        }),
        context,
      );
      expect(again.contentHash).toBe(first.contentHash);
      // Still stored.
      expect(again.headers['x-delivery-count']).toBe(1);
    });

    it.each([
      ['body', { content: Buffer.from('{"orderId":43}') }],
      ['header', { headers: { 'x-extra': 1 } }],
      ['property', { properties: { messageId: 'msg-2' } }],
    ])('gives a different %s a different content hash', (_, overrides) => {
      const base = parseDeadLetter(message(), context);
      const other = parseDeadLetter(message(overrides), context);
      expect(other.contentHash).not.toBe(base.contentHash);
    });

    it('includes the environment and dead-letter queue in the content hash', () => {
      const base = parseDeadLetter(message(), context);
      const otherEnv = parseDeadLetter(message(), {
        ...context,
        environment: 'staging',
      });
      const otherQueue = parseDeadLetter(message(), {
        ...context,
        deadLetterQueue: 'other.dlq',
      });
      expect(otherEnv.contentHash).not.toBe(base.contentHash);
      expect(otherQueue.contentHash).not.toBe(base.contentHash);
    });

    it('computes the group fingerprint from queue, reason and types', () => {
      const headers = {
        ...amqplibDeathHeaders(),
        'x-exception-type': 'OrderRejected',
      };
      const parsed = parseDeadLetter(message({ headers }), context);
      const expected = createHash('sha256')
        .update('production|orders|rejected|OrderPlaced|OrderRejected')
        .digest('hex');
      expect(parsed.groupFingerprint).toBe(expected);

      const otherBody = parseDeadLetter(
        message({ headers, content: Buffer.from('other') }),
        context,
      );
      expect(otherBody.groupFingerprint).toBe(expected);

      const otherException = parseDeadLetter(
        message({
          headers: { ...headers, 'x-exception-type': 'Timeout' },
        }),
        context,
      );
      expect(otherException.groupFingerprint).not.toBe(expected);
    });

    it('uses empty strings for missing types in the group fingerprint', () => {
      const parsed = parseDeadLetter(
        message({ properties: { type: undefined } }),
        context,
      );
      expect(parsed.groupFingerprint).toBe(
        createHash('sha256')
          .update('production|orders.dlq|unknown||')
          .digest('hex'),
      );
    });
  });

  describe('bad input', () => {
    it.each([
      ['properties null', { content: Buffer.from('x'), properties: null }],
      [
        'headers an array',
        {
          content: Buffer.from('x'),
          fields: { redelivered: false },
          properties: { headers: [1, 2] },
        },
      ],
      [
        'content a string',
        { content: 'text', fields: {}, properties: { headers: null } },
      ],
      ['content missing', { fields: null, properties: {} }],
      [
        'a throwing getter',
        {
          content: Buffer.from('x'),
          fields: { redelivered: true },
          properties: {
            get headers() {
              throw new Error('boom');
            },
            get type() {
              throw new Error('boom');
            },
          },
        },
      ],
      [
        'headers with a throwing getter',
        {
          content: Buffer.from('x'),
          fields: { redelivered: false },
          properties: {
            headers: {
              ok: 1,
              get bad() {
                throw new Error('boom');
              },
            },
          },
        },
      ],
    ])('never throws with %s', (_, raw) => {
      const parsed = parseDeadLetter(raw as any, context);
      expect(parsed.environment).toBe('production');
      expect(parsed.sourceQueue).toBe('orders.dlq');
      expect(parsed.reason).toBe('unknown');
      expect(parsed.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(Buffer.isBuffer(parsed.body)).toBe(true);
    });

    it('reads a string content as its UTF-8 bytes', () => {
      const parsed = parseDeadLetter(
        { content: 'héllo', fields: {}, properties: {} } as any,
        context,
      );
      expect(parsed.body.equals(Buffer.from('héllo'))).toBe(true);
      expect(parsed.redelivered).toBe(false);
    });

    it('drops a header whose getter throws and keeps the others', () => {
      const parsed = parseDeadLetter(
        {
          content: Buffer.from('x'),
          fields: { redelivered: false },
          properties: {
            headers: {
              ok: 1,
              get bad() {
                throw new Error('boom');
              },
            },
          },
        },
        context,
      );
      expect(parsed.headers).toEqual({ ok: 1 });
    });

    it('keeps a __proto__ header as data', () => {
      const headers = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
      const parsed = parseDeadLetter(message({ headers }), context);
      expect(({} as any).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(parsed.headers)).toBe(Object.prototype);
      expect(JSON.parse(JSON.stringify(parsed.headers))).toEqual(headers);
    });
  });
});
