import { createHash } from 'node:crypto';
import { parseDeadLetter } from './parseDeadLetter';
import {
  amqplibDeathHeaders,
  context,
  message,
} from './__testUtils__/rawMessages';

describe('parseDeadLetter', () => {
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
});
