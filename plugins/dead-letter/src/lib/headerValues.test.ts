import { readableValue, valueText } from './headerValues';

describe('header values', () => {
  it("shows an AMQP timestamp as the date it is, inside x-death's tables too", () => {
    const xDeath = [
      {
        count: 1,
        queue: 'orders',
        reason: 'rejected',
        time: { '!': 'timestamp', value: 1796603500 },
      },
    ];
    expect(readableValue(xDeath)).toEqual([
      {
        count: 1,
        queue: 'orders',
        reason: 'rejected',
        time: '2026-12-07T00:31:40Z',
      },
    ]);
    expect(valueText({ '!': 'timestamp', value: 1796603500 })).toBe(
      '2026-12-07T00:31:40Z',
    );
  });

  it('shows tagged numbers as numbers and keeps what it does not know', () => {
    expect(readableValue({ '!': 'long', value: 42 })).toBe(42);
    expect(readableValue({ '!': 'decimal', value: { places: 2 } })).toEqual({
      '!': 'decimal',
      value: { places: 2 },
    });
    expect(readableValue({ '!': 'timestamp', value: 'soon' })).toEqual({
      '!': 'timestamp',
      value: 'soon',
    });
    // Not a tag: a third key, or a non-string tag.
    expect(readableValue({ '!': 'long', value: 1, extra: true })).toEqual({
      '!': 'long',
      value: 1,
      extra: true,
    });
    expect(readableValue({ '!': 7, value: 1 })).toEqual({ '!': 7, value: 1 });
  });

  it('keeps a header named __proto__ as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}');
    const readable = readableValue(value) as Record<string, unknown>;
    expect(Object.keys(readable)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stops at a deep nesting instead of overflowing the stack', () => {
    let deep: unknown = { '!': 'timestamp', value: 0 };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => readableValue(deep)).not.toThrow();
  });

  it('prints strings as they are and the rest as JSON', () => {
    expect(valueText('<b>x</b>')).toBe('<b>x</b>');
    expect(valueText(undefined)).toBe('');
    expect(valueText({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});
