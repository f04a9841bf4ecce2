import { client } from './__testUtils__/client';
import { LocalHumio, startHumioServer } from './index';
import { parseQuery } from './query/parser';
import { relativeMs } from './query/time';

const API = 'api-token';
const MIN = 60_000;

/** [minutes ago, service, level, message, ms, env] */
const DATA: Array<[number, string, string, string, number, string]> = [
  [1, 'payments-api', 'INFO', 'GET /api/orders 200', 12, 'prod'],
  [
    2,
    'payments-api',
    'ERROR',
    'Request to postgres failed: timeout',
    5000,
    'prod',
  ],
  [3, 'orders-api', 'WARN', 'Slow query on orders', 1800, 'prod'],
  [4, 'orders-api', 'INFO', 'Health check passed', 3, 'prod'],
  [5, 'orders-api', 'ERROR', 'Database connection refused', 20, 'prod'],
  [6, 'search-api', 'INFO', 'Cache refreshed', 40, 'staging'],
  [7, 'payments-api', 'INFO', 'POST /api/payments 201', 90, 'prod'],
  [180, 'payments-api', 'ERROR', 'old failure', 1, 'prod'],
  [3 * 24 * 60, 'orders-api', 'ERROR', 'ancient history', 7, 'prod'],
];

describe('the query language subset', () => {
  let humio: LocalHumio;
  let api: ReturnType<typeof client>;
  let now: number;

  const messages = async (queryString: string, range: object = {}) => {
    const res = await api.query('logs', { queryString, ...range });
    expect(res.status).toBe(200);
    return res.rows.map(r => r.message);
  };
  const rows = async (queryString: string, range: object = {}) => {
    const res = await api.query('logs', { queryString, ...range });
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    return res.rows;
  };

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: API,
      ingestTokens: { 'ingest-logs': 'logs', 'ingest-many': 'many' },
    });
    api = client(humio, API);
    now = Date.now();
    const batches = ['prod', 'staging'].map(env => ({
      tags: { env },
      events: DATA.filter(d => d[5] === env).map(
        ([ago, service, level, message, ms]) => {
          const timestamp = now - ago * MIN;
          return {
            timestamp,
            attributes: { service, level, message, ms },
            rawstring: `${new Date(
              timestamp,
            ).toISOString()} ${level} [${service}] ${message} took=${ms}ms`,
          };
        },
      ),
    }));
    const res = await api.ingest('ingest-logs', batches);
    if (res.status !== 200)
      throw new Error(`ingest: ${res.status} ${res.text}`);
  });

  afterAll(() => humio.close());

  it('searches the last 24 hours by default, newest first', async () => {
    expect(await messages('*')).toEqual([
      'GET /api/orders 200',
      'Request to postgres failed: timeout',
      'Slow query on orders',
      'Health check passed',
      'Database connection refused',
      'Cache refreshed',
      'POST /api/payments 201',
      'old failure',
    ]);
    expect(await messages('')).toHaveLength(8);
  });

  it('filters on fields: exact, quoted, wildcards, existence, negation, tags', async () => {
    expect(await messages('level=ERROR')).toEqual([
      'Request to postgres failed: timeout',
      'Database connection refused',
      'old failure',
    ]);
    expect(await messages('level="ERROR" service=orders-api')).toEqual([
      'Database connection refused',
    ]);
    // Values match exactly, case included.
    expect(await messages('level=error')).toEqual([]);
    expect(await messages('service=pay*')).toHaveLength(4);
    expect(await messages('message="*query*"')).toEqual([
      'Slow query on orders',
    ]);
    expect(await messages('service=*-api level!=INFO')).toHaveLength(4);
    expect(await messages('ms=*')).toHaveLength(8);
    expect(await messages('nosuchfield=*')).toEqual([]);
    // A missing field fails `=` and so passes `!=`.
    expect(await messages('nosuchfield!=x')).toHaveLength(8);
    expect(await messages('nosuchfield!=*')).toHaveLength(8);
    expect(await messages('#env=staging')).toEqual(['Cache refreshed']);
    expect(await messages('#repo=logs #env=prod')).toHaveLength(7);
    expect(await messages('message=/^Slow/')).toEqual(['Slow query on orders']);
  });

  it('matches free text in @rawstring, case-insensitively', async () => {
    expect(await messages('postgres')).toEqual([
      'Request to postgres failed: timeout',
    ]);
    expect(await messages('"connection REFUSED"')).toEqual([
      'Database connection refused',
    ]);
    expect(await messages('"took=5000ms"')).toEqual([
      'Request to postgres failed: timeout',
    ]);
    expect(await messages('postg*timeout')).toEqual([
      'Request to postgres failed: timeout',
    ]);
    expect(await messages('/refused|timeout/')).toHaveLength(2);
    expect(await messages('/REFUSED/')).toHaveLength(0);
    expect(await messages('/REFUSED/i')).toHaveLength(1);
    // Free text looks at @rawstring only, not at other fields.
    expect(await messages('staging')).toEqual([]);
  });

  it('combines filters with and / or / not and parentheses', async () => {
    expect(await messages('timeout OR refused')).toHaveLength(2);
    expect(await messages('level=ERROR or level=WARN')).toHaveLength(4);
    expect(await messages('error not postgres')).toEqual([
      'Database connection refused',
      'old failure',
    ]);
    expect(await messages('error AND NOT postgres')).toHaveLength(2);
    expect(await messages('!level=INFO')).toHaveLength(4);
    expect(
      await messages('(service=orders-api or service=search-api) level=INFO'),
    ).toEqual(['Health check passed', 'Cache refreshed']);
    // As in LogScale, `or` binds tighter than `and`.
    expect(
      await messages('service=payments-api level=ERROR or level=WARN'),
    ).toEqual(['Request to postgres failed: timeout', 'old failure']);
  });

  it('compares numbers', async () => {
    expect(await messages('ms>1000')).toEqual([
      'Request to postgres failed: timeout',
      'Slow query on orders',
    ]);
    expect(await messages('ms<=3')).toEqual([
      'Health check passed',
      'old failure',
    ]);
    expect(await messages('ms >= 90 service=payments-api')).toHaveLength(2);
  });

  it('counts, groups and picks the top values', async () => {
    expect(await rows('count()')).toEqual([{ _count: '8' }]);
    expect(await rows('level=ERROR | count()')).toEqual([{ _count: '3' }]);
    expect(await rows('| count(service, distinct=true, as=services)')).toEqual([
      { services: '3' },
    ]);
    expect(await rows('* | groupBy(level)')).toEqual([
      { level: 'ERROR', _count: '3' },
      { level: 'INFO', _count: '4' },
      { level: 'WARN', _count: '1' },
    ]);
    expect(
      await rows('level=ERROR | groupBy(service, function=count())'),
    ).toEqual([
      { service: 'orders-api', _count: '1' },
      { service: 'payments-api', _count: '2' },
    ]);
    expect(
      await rows('groupBy([service, level], function=count(as=n)) | n > 1'),
    ).toEqual([
      { service: 'payments-api', level: 'ERROR', n: '2' },
      { service: 'payments-api', level: 'INFO', n: '2' },
    ]);
    expect(await rows('top(service)')).toEqual([
      { service: 'payments-api', _count: '4' },
      { service: 'orders-api', _count: '3' },
      { service: 'search-api', _count: '1' },
    ]);
    expect(
      await rows('groupBy(service) | sort(_count, order=asc, limit=2)'),
    ).toEqual([
      { service: 'search-api', _count: '1' },
      { service: 'orders-api', _count: '3' },
    ]);
  });

  it('takes the oldest with head(), the newest with tail(), and sorts', async () => {
    expect(await messages('* | head(2)')).toEqual([
      'POST /api/payments 201',
      'old failure',
    ]);
    expect(await messages('* | tail(2)')).toEqual([
      'GET /api/orders 200',
      'Request to postgres failed: timeout',
    ]);
    expect(await messages('service=orders-api | tail(limit=1)')).toEqual([
      'Slow query on orders',
    ]);
    expect(await messages('* | sort(ms, order=desc, limit=2)')).toEqual([
      'Request to postgres failed: timeout',
      'Slow query on orders',
    ]);
    const asc = await rows('level=ERROR | sort(@timestamp, order=asc)');
    expect(asc.map(r => r.message)).toEqual([
      'old failure',
      'Database connection refused',
      'Request to postgres failed: timeout',
    ]);
    expect(await rows('level=WARN | select([service, level])')).toEqual([
      { service: 'orders-api', level: 'WARN' },
    ]);
    expect(
      await rows('level=ERROR | table([service, message], limit=1)'),
    ).toEqual([
      {
        service: 'payments-api',
        message: 'Request to postgres failed: timeout',
      },
    ]);
  });

  it('honours start and end: relative strings and epoch milliseconds', async () => {
    expect(await messages('*', { start: '1h' })).toHaveLength(7);
    expect(await messages('*', { start: '15m', end: 'now' })).toHaveLength(7);
    expect(await messages('*', { start: '7d' })).toHaveLength(9);
    expect(await messages('*', { start: '7days', end: '1h' })).toEqual([
      'old failure',
      'ancient history',
    ]);
    expect(await messages('*', { start: now - 2.5 * MIN, end: now })).toEqual([
      'GET /api/orders 200',
      'Request to postgres failed: timeout',
    ]);
    expect(
      await rows('count()', {
        start: now - 4 * 24 * 60 * MIN,
        end: now - 2 * 24 * 60 * MIN,
      }),
    ).toEqual([{ _count: '1' }]);
  });

  it('returns at most 200 events for a filter query unless tail() asks for more', async () => {
    const base = Date.now() - 10 * MIN;
    await api.ingest('ingest-many', [
      {
        events: Array.from({ length: 250 }, (_, i) => ({
          timestamp: base + i,
          rawstring: `line ${i}`,
        })),
      },
    ]);
    const res = await api.query('many', { queryString: 'line' });
    expect(res.rows).toHaveLength(200);
    expect(res.rows[0]['@rawstring']).toBe('line 249');
    const all = await api.query('many', { queryString: 'line | tail(250)' });
    expect(all.rows).toHaveLength(250);
    const counted = await api.query('many', { queryString: 'line | count()' });
    expect(counted.rows).toEqual([{ _count: '250' }]);
  });

  describe('parsing', () => {
    it('marks aggregate queries', () => {
      expect(parseQuery('level=ERROR').isAggregate).toBe(false);
      expect(parseQuery('level=ERROR | select([a])').isAggregate).toBe(false);
      expect(parseQuery('level=ERROR | count()').isAggregate).toBe(true);
      expect(parseQuery('groupby(x)').isAggregate).toBe(true);
    });

    it('ignores comments and accepts function names in any case', () => {
      expect(
        parseQuery('level=ERROR // errors only\n| /* then */ GroupBy(service)')
          .stages,
      ).toHaveLength(2);
    });

    it.each([
      ['a | | b', /expected a filter or a function after '\|'/],
      ['(level=ERROR', /expected '\)'/],
      ['x := 1', /assignment/],
      ['ms > fast', /compares numbers/],
      ['a or', /expected a filter/],
      ['level=ERROR | head(-1)', /'limit' must be an integer/],
      ['groupBy(x, function=sum(y))', /only count\(\)/],
      ['/[unclosed/', /invalid regular expression/],
      ['in(field=x, values=[a])', /unsupported function in\(\)/],
      ['level=ERROR count()', /not supported inside a filter/],
    ])('refuses %s', (query, message) => {
      expect(() => parseQuery(query)).toThrow(message);
    });

    it('reads LogScale relative times', () => {
      expect(relativeMs('15m')).toBe(15 * MIN);
      expect(relativeMs('24hours')).toBe(24 * 60 * MIN);
      expect(relativeMs('7 days')).toBe(7 * 24 * 60 * MIN);
      expect(relativeMs('1mon')).toBe(30 * 24 * 60 * MIN);
      expect(relativeMs('10s')).toBe(10_000);
      expect(relativeMs('soon')).toBeUndefined();
    });
  });
});
