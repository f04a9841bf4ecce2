import { BODY_TEXT_LIMIT } from '../database/types';
import { parseDeadLetter } from './parseDeadLetter';
import { context, message } from './__testUtils__/rawMessages';

describe('parseDeadLetter', () => {
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
});
