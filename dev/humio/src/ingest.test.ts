import { client } from './__testUtils__/client';
import { LocalHumio, startHumioServer } from './index';

const API = 'api-token';

describe('structured ingest, then query', () => {
  let humio: LocalHumio;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: API,
      ingestTokens: { 'ingest-apps': 'apps', 'ingest-audit': 'audit' },
      repositories: ['empty'],
    });
    api = client(humio, API);
  });

  afterAll(() => humio.close());

  beforeEach(() => humio.control.reset());

  it('stores events with @timestamp, @rawstring, #repo, #tags, flattened attributes and an @id', async () => {
    const now = Date.now();
    const attributes = {
      service: 'payments-api',
      level: 'INFO',
      http: { status: 200, path: '/api/payments' },
      ids: [7, 8],
      ok: true,
      nothing: null,
    };
    const res = await api.ingest('ingest-apps', [
      {
        tags: { host: 'web-1', source: 'app.log' },
        events: [
          {
            timestamp: new Date(now - 60_000).toISOString(),
            attributes: {
              service: 'payments-api',
              level: 'ERROR',
              message: 'boom',
            },
            rawstring: '2024-01-01 ERROR [payments-api] boom',
          },
          { timestamp: now - 30_000, timezone: 'Europe/Oslo', attributes },
        ],
      },
    ]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({});

    const { status, rows } = await api.query('apps', {
      queryString: 'service=payments-api',
      start: '1h',
    });
    expect(status).toBe(200);
    expect(rows).toHaveLength(2);
    // Newest first; @timestamp a number, everything else a string.
    const [info, error] = rows;
    expect(info['@timestamp']).toBe(now - 30_000);
    expect(error['@timestamp']).toBe(now - 60_000);
    expect(info).toMatchObject({
      '#repo': 'apps',
      '#host': 'web-1',
      '#source': 'app.log',
      '@timezone': 'Europe/Oslo',
      service: 'payments-api',
      level: 'INFO',
      'http.status': '200',
      'http.path': '/api/payments',
      'ids[0]': '7',
      'ids[1]': '8',
      ok: 'true',
    });
    expect(info).not.toHaveProperty('nothing');
    // Without a rawstring, @rawstring is the attributes as JSON.
    expect(info['@rawstring']).toBe(JSON.stringify(attributes));
    expect(error['@rawstring']).toBe('2024-01-01 ERROR [payments-api] boom');
    expect(error['@timezone']).toBe('Z');
    for (const row of rows) {
      expect(row['@id']).toMatch(/^\w{24}_\d+_\d+$/);
      expect(Number(row['@ingesttimestamp'])).toBeGreaterThanOrEqual(now);
      for (const [k, v] of Object.entries(row)) {
        expect(typeof v).toBe(k === '@timestamp' ? 'number' : 'string');
      }
    }
    expect(new Set(rows.map(r => r['@id'])).size).toBe(2);

    // The event landed in the token's repository only.
    expect(humio.control.events('apps')).toHaveLength(2);
    expect(humio.control.events('audit')).toHaveLength(0);
  });

  it('answers in the format the Accept header asks for', async () => {
    const now = Date.now();
    await api.ingest('ingest-apps', [
      {
        events: [
          { timestamp: now - 2000, rawstring: 'first line' },
          { timestamp: now - 1000, rawstring: 'second line' },
        ],
      },
    ]);
    const body = { queryString: 'line', start: '5m' };
    const ndjson = await api.query('apps', body, {
      accept: 'application/x-ndjson',
    });
    expect(ndjson.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = ndjson.text
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.map(l => l['@rawstring'])).toEqual([
      'second line',
      'first line',
    ]);

    const plain = await api.query('apps', body, { accept: 'text/plain' });
    expect(plain.headers.get('content-type')).toMatch(/text\/plain/);
    expect(plain.text).toBe('second line\nfirst line\n');

    const counted = await api.query(
      'apps',
      { ...body, queryString: 'line | count()' },
      { accept: 'text/plain' },
    );
    expect(counted.text).toBe('_count->2\n');
  });

  it('takes the Humio ingest JSON endpoint too', async () => {
    const res = await api.call('POST', '/api/v1/ingest/json', {
      token: 'ingest-audit',
      body: [{ msg: 'event 1', user: { name: 'ada' } }, { msg: 'event 2' }],
    });
    expect(res.status).toBe(200);
    const events = humio.control.events('audit');
    expect(events).toHaveLength(2);
    expect(events.map(e => e.msg).sort()).toEqual(['event 1', 'event 2']);
    const first = events.find(e => e.msg === 'event 1')!;
    expect(first['user.name']).toBe('ada');
    expect(first['@rawstring']).toBe(
      JSON.stringify({ msg: 'event 1', user: { name: 'ada' } }),
    );
  });

  describe('authentication', () => {
    const batch = [{ events: [{ timestamp: Date.now(), rawstring: 'x' }] }];

    it('refuses ingest without a token, or with a wrong or an API token (401)', async () => {
      for (const token of [null, 'nope', API]) {
        const res = await api.ingest(token, batch);
        expect(res.status).toBe(401);
        expect(res.text).toMatch(/ingest token/i);
      }
      expect(humio.control.events('apps')).toHaveLength(0);
    });

    it('refuses queries without a token, or with a wrong or an ingest token (401)', async () => {
      for (const token of [null, 'nope', 'ingest-apps']) {
        const res = await api.query('apps', { queryString: '*' }, { token });
        expect(res.status).toBe(401);
        expect(res.text).toMatch(/API token/);
      }
      // Authentication comes before the repository lookup.
      const unknown = await api.query(
        'no-such-repo',
        { queryString: '*' },
        { token: 'nope' },
      );
      expect(unknown.status).toBe(401);
    });

    it('answers 404 for an unknown repository', async () => {
      const res = await api.query('no-such-repo', { queryString: '*' });
      expect(res.status).toBe(404);
      expect(res.text).toMatch(/no-such-repo/);
      const job = await api.call(
        'POST',
        '/api/v1/repositories/no-such-repo/queryjobs',
        { body: { queryString: '*' } },
      );
      expect(job.status).toBe(404);
    });

    it('serves an unauthenticated status endpoint', async () => {
      const res = await api.call('GET', '/api/v1/status', { token: null });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ status: 'OK' });
    });
  });

  describe('malformed input', () => {
    it.each([
      ['not JSON', '[{ "events": [', /parse the request body as JSON/],
      ['an empty body', '', /empty/],
      ['an object instead of an array', { events: [] }, /JSON array/],
      [
        'a batch without events',
        [{ tags: {} }],
        /\[0\]\.events must be an array/,
      ],
      [
        'an event without a timestamp',
        [{ events: [{ rawstring: 'x' }] }],
        /\[0\]\.events\[0\]\.timestamp is required/,
      ],
      [
        'an unparseable timestamp',
        [{ events: [{ timestamp: 'yesterday-ish' }] }],
        /timestamp 'yesterday-ish' is not an ISO 8601/,
      ],
      [
        'attributes that are not an object',
        [{ events: [{ timestamp: 1, attributes: 'x' }] }],
        /attributes must be an object/,
      ],
      [
        'a nested tag value',
        [{ tags: { a: { b: 1 } }, events: [] }],
        /tags\.a must be a string/,
      ],
    ])('answers 400 with a message for %s', async (_, body, message) => {
      const res = await api.ingest('ingest-apps', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      expect(res.text).toMatch(message);
    });

    it('stores nothing from a batch with one bad event', async () => {
      const res = await api.ingest('ingest-apps', [
        { events: [{ timestamp: Date.now(), rawstring: 'good' }] },
        { events: [{ rawstring: 'no timestamp' }] },
      ]);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/\[1\]\.events\[0\]\.timestamp/);
      expect(humio.control.events('apps')).toHaveLength(0);
    });

    it.each([
      ['not JSON', '{"queryString":', /parse the request body as JSON/],
      ['no queryString', { start: '1h' }, /queryString is required/],
      [
        'an invalid start',
        { queryString: '*', start: 'yesterday' },
        /Invalid start "yesterday"/,
      ],
      [
        'start after end',
        { queryString: '*', start: '1h', end: '2h' },
        /is after its end/,
      ],
      [
        'an unparseable query',
        { queryString: 'level=' },
        /Could not parse the query: expected a value/,
      ],
      [
        'an unterminated string',
        { queryString: '"oops' },
        /unterminated string/,
      ],
      [
        'an unknown function',
        { queryString: '* | frobnicate(x)' },
        /unknown or unsupported function frobnicate\(\)/,
      ],
      [
        'an unknown argument',
        { queryString: 'head(limt=3)' },
        /unknown argument 'limt' for head\(\)/,
      ],
      [
        'a live query on /query',
        { queryString: '*', isLive: true },
        /Live queries/,
      ],
    ])(
      'answers a query with %s with 400 and a message',
      async (_, body, message) => {
        const res = await api.query('apps', body as any);
        expect(res.status).toBe(400);
        expect(res.text).toMatch(message);
      },
    );
  });
});
