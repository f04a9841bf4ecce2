import { ResultCache } from './ResultCache';

describe('ResultCache', () => {
  it('keeps values for their time and drops the least recently used', () => {
    let now = 0;
    const cache = new ResultCache<string>({ maxEntries: 2, now: () => now });
    cache.set('a', 'A', 1000);
    cache.set('b', 'B', 1000);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 1000);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('d', 'D', 0);
    expect(cache.get('d')).toBeUndefined();
  });

  it('shares a load between concurrent callers and keeps no failures', async () => {
    const cache = new ResultCache<number>({ maxEntries: 10 });
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    const load = async () => {
      loads++;
      await gate;
      return { value: loads, ttlMs: 60_000 };
    };
    const both = Promise.all([
      cache.getOrLoad('g', load),
      cache.getOrLoad('g', load),
    ]);
    release();
    expect(await both).toEqual([1, 1]);
    expect(await cache.getOrLoad('g', load)).toBe(1);
    expect(loads).toBe(1);

    const failing = () => Promise.reject(new Error('boom'));
    await expect(cache.getOrLoad('h', failing)).rejects.toThrow('boom');
    expect(await cache.getOrLoad('h', load)).toBe(2);
  });
});
