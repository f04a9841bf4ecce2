import { chunks, parseJson, toDate, toIso } from './rows';

describe('database rows', () => {
  it('reads every form a driver returns a timestamp in', () => {
    const at = new Date('2024-05-06T07:08:09.010Z');
    expect(toDate(at)).toBe(at);
    expect(toIso(at.getTime())).toBe(at.toISOString());
    expect(toIso(String(at.getTime()))).toBe(at.toISOString());
    expect(toIso(at.toISOString())).toBe(at.toISOString());
    // SQLite's CURRENT_TIMESTAMP: UTC without a zone.
    expect(toIso('2024-05-06 07:08:09')).toBe('2024-05-06T07:08:09.000Z');
  });

  it('falls back on empty or malformed JSON', () => {
    expect(parseJson('{"a":1}', {})).toEqual({ a: 1 });
    expect(parseJson(null, [])).toEqual([]);
    expect(parseJson('', 'none')).toBe('none');
    expect(parseJson('{', undefined)).toBeUndefined();
  });

  it('splits into runs', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });
});
