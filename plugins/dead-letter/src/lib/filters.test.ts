import { parseFilters, toSearch, writeFilters } from './filters';

describe('filters in the URL', () => {
  it('reads the "Handle now" link', () => {
    const filters = parseFilters(
      new URLSearchParams(
        'environment=prod&owner=group:default/squad-aura&state=unresolved',
      ),
    );
    expect(filters).toEqual({
      environment: 'prod',
      states: ['unresolved'],
      owners: ['group:default/squad-aura'],
      unowned: false,
    });
  });

  it('defaults to unresolved, and reads "all" as any state', () => {
    expect(parseFilters(new URLSearchParams('')).states).toEqual([
      'unresolved',
    ]);
    expect(
      parseFilters(new URLSearchParams('state=all')).states,
    ).toBeUndefined();
    expect(
      parseFilters(new URLSearchParams('state=replayed&state=discarded'))
        .states,
    ).toEqual(['replayed', 'discarded']);
  });

  it('writes readable query strings and keeps other parameters', () => {
    const next = writeFilters(new URLSearchParams('message=m1&tab=x'), {
      environment: 'prod',
      states: ['unresolved'],
      owners: ['group:default/squad-aura'],
      unowned: false,
      q: 'a b&c',
    });
    expect(toSearch(next)).toBe(
      '?message=m1&tab=x&environment=prod&owner=group:default/squad-aura&q=a%20b%26c',
    );
  });

  it('writes any state as state=all', () => {
    const next = writeFilters(new URLSearchParams(), {
      states: undefined,
      owners: [],
      unowned: true,
    });
    expect(toSearch(next)).toBe('?state=all&unowned=true');
  });
});
