import { parseDeadLetter } from './parseDeadLetter';
import { context, message } from './__testUtils__/rawMessages';

describe('parseDeadLetter', () => {
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
