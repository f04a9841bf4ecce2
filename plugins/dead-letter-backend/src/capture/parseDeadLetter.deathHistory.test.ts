import { parseDeadLetter, parseDeathHistory } from './parseDeadLetter';
import {
  amqplibDeathHeaders,
  context,
  message,
  T1,
} from './__testUtils__/rawMessages';

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
});
