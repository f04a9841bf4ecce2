import { parseDeadLetter } from './parseDeadLetter';
import {
  amqplibDeathHeaders,
  context,
  message,
  T1,
  T2,
} from './__testUtils__/rawMessages';

describe('parseDeadLetter', () => {
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
});
