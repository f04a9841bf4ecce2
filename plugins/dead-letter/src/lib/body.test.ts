import { decodeBase64, decodeUtf8, hexDump, prettyPrintJson } from './body';

describe('prettyPrintJson', () => {
  it('indents objects and arrays', () => {
    expect(prettyPrintJson('{"a":1,"b":[true,null],"c":{}}')).toBe(
      [
        '{',
        '  "a": 1,',
        '  "b": [',
        '    true,',
        '    null',
        '  ],',
        '  "c": {}',
        '}',
      ].join('\n'),
    );
  });

  it('keeps every digit of numbers JSON.parse would round', () => {
    const pretty = prettyPrintJson('{"account":12345678901234567890}');
    expect(pretty).toContain('12345678901234567890');
  });

  it('leaves strings alone, including escaped quotes, braces and commas', () => {
    const pretty = prettyPrintJson('{"s":"a \\"b\\", {c}: [d]"}');
    expect(pretty).toBe('{\n  "s": "a \\"b\\", {c}: [d]"\n}');
  });

  it('returns undefined for text that is not JSON', () => {
    expect(prettyPrintJson('{nope')).toBeUndefined();
  });
});

describe('hexDump', () => {
  it('shows offsets, hex bytes and printable characters', () => {
    const bytes = new Uint8Array([0x48, 0x69, 0x00, 0xff]);
    expect(hexDump(bytes)).toBe(
      `00000000  48 69 00 ff ${' '.repeat(3 * 4)} ${' '.repeat(3 * 8)} |Hi..|`,
    );
  });

  it('starts a line every 16 bytes', () => {
    const lines = hexDump(new Uint8Array(33)).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2].startsWith('00000020')).toBe(true);
  });
});

describe('decoding', () => {
  it('decodes base64 to bytes and UTF-8 to text', () => {
    const bytes = decodeBase64(btoa('h\xc3\xa9'));
    expect(Array.from(bytes)).toEqual([0x68, 0xc3, 0xa9]);
    expect(decodeUtf8(bytes)).toBe('hé');
  });
});
