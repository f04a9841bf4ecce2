import { client } from './__testUtils__/client';
import { LocalHumio, startHumioServer } from './index';

const API = 'api-token';

describe('test control', () => {
  let humio: LocalHumio;
  let api: ReturnType<typeof client>;

  const batch = (rawstring: string) => [
    { events: [{ timestamp: Date.now() - 1000, rawstring }] },
  ];
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${humio.url}/_control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: API,
      ingestTokens: { 'ingest-apps': 'apps' },
      repositories: ['spare'],
      services: ['payments-api'],
      seed: 3,
    });
    api = client(humio, API);
  });

  afterAll(() => humio.close());

  beforeEach(() => humio.control.reset());

  it('answers every API request with 503 while down, and recovers', async () => {
    expect((await api.ingest('ingest-apps', batch('before'))).status).toBe(200);
    humio.control.setDown(true);
    expect(humio.control.isDown()).toBe(true);

    const ingest = await api.ingest('ingest-apps', batch('during'));
    expect(ingest.status).toBe(503);
    expect(ingest.text).toMatch(/Service Unavailable/);
    expect((await api.query('apps', { queryString: '*' })).status).toBe(503);
    // Even requests that would be refused otherwise.
    expect(
      (await api.query('apps', { queryString: '*' }, { token: 'wrong' }))
        .status,
    ).toBe(503);
    expect(
      (
        await api.call('POST', '/api/v1/repositories/apps/queryjobs', {
          body: { queryString: '*' },
        })
      ).status,
    ).toBe(503);
    expect((await api.call('GET', '/api/v1/status')).status).toBe(503);
    // Control keeps working.
    expect(humio.control.events('apps').map(e => e['@rawstring'])).toEqual([
      'before',
    ]);

    humio.control.setDown(false);
    const after = await api.query('apps', { queryString: '*' });
    expect(after.status).toBe(200);
    expect(after.rows.map(r => r['@rawstring'])).toEqual(['before']);
    expect((await api.ingest('ingest-apps', batch('after'))).status).toBe(200);

    const stats = humio.control.stats();
    expect(stats.rejectedWhileDown).toBe(5);
    expect(stats.byStatus['503']).toBe(5);
    expect(stats.ingest).toEqual({
      batchesAccepted: 2,
      batchesRejected: 1,
      eventsAccepted: 2,
    });
  });

  it('counts requests per endpoint and ingest batches accepted and rejected', async () => {
    await api.ingest('ingest-apps', batch('one'));
    await api.ingest('wrong-token', batch('two'));
    await api.ingest('ingest-apps', [{ events: [{ rawstring: 'no time' }] }]);
    await api.query('apps', { queryString: '*' });
    await api.query('apps', { queryString: 'count()' });
    await api.call('GET', '/api/v1/nothing-here');
    const stats = humio.control.stats();
    expect(stats.requests).toBe(6);
    expect(stats.byEndpoint).toEqual({
      'POST /api/v1/ingest/humio-structured': 3,
      'POST /api/v1/repositories/{repo}/query': 2,
      'GET (unmatched)': 1,
    });
    expect(stats.byStatus).toEqual({ '200': 3, '400': 1, '401': 1, '404': 1 });
    expect(stats.ingest).toEqual({
      batchesAccepted: 1,
      batchesRejected: 2,
      eventsAccepted: 1,
    });
    expect(stats.queries).toBe(2);
    humio.control.resetStats();
    expect(humio.control.stats().requests).toBe(0);
  });

  it('lists, clears and resets events', async () => {
    await api.ingest('ingest-apps', batch('kept?'));
    expect(humio.control.events('apps')).toHaveLength(1);
    expect(humio.control.events('spare')).toEqual([]);
    const sample = humio.control.events('meridian-prod');
    expect(sample.length).toBeGreaterThan(1000);

    humio.control.clear('apps');
    expect(humio.control.events('apps')).toEqual([]);
    expect(humio.control.events('meridian-prod').length).toBeGreaterThan(1000);

    humio.control.clear();
    expect(humio.control.events('meridian-prod')).toEqual([]);
    const q = await api.query('meridian-prod', { queryString: 'count()' });
    expect(q.rows).toEqual([{ _count: '0' }]);

    humio.control.reset();
    expect(humio.control.events('meridian-prod').length).toBeGreaterThan(1000);
    expect(() => humio.control.events('nope')).toThrow(/nope/);
  });

  it('serves the same operations under /_control for other processes', async () => {
    const info = await control('GET', '');
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      url: humio.url,
      repositories: expect.arrayContaining(['apps', 'spare', 'meridian-prod']),
      sampleRepository: 'meridian-prod',
      services: ['payments-api'],
      seed: 3,
      down: false,
    });

    expect((await control('PUT', '/down', { down: true })).json).toEqual({
      down: true,
    });
    expect((await api.call('GET', '/api/v1/status')).status).toBe(503);
    expect((await control('GET', '/down')).json).toEqual({ down: true });
    expect((await control('PUT', '/down', { down: 'yes' })).status).toBe(400);
    await control('PUT', '/down', { down: false });
    expect((await api.call('GET', '/api/v1/status')).status).toBe(200);

    await api.ingest('ingest-apps', batch('over http'));
    const events = await control('GET', '/repositories/apps/events');
    expect(
      events.json.map((e: { '@rawstring': string }) => e['@rawstring']),
    ).toEqual(['over http']);
    expect((await control('GET', '/repositories/nope/events')).status).toBe(
      404,
    );
    expect((await control('DELETE', '/repositories/apps/events')).status).toBe(
      200,
    );
    expect((await control('GET', '/repositories/apps/events')).json).toEqual(
      [],
    );

    const stats = await control('GET', '/stats');
    expect(stats.json.byEndpoint['GET /api/v1/status']).toBe(2);
    await control('DELETE', '/stats');
    expect((await control('GET', '/stats')).json.requests).toBe(0);

    await control('DELETE', '/events');
    expect(
      (await control('GET', '/repositories/meridian-prod/events')).json,
    ).toEqual([]);
    await control('POST', '/reset');
    expect(
      (await control('GET', '/repositories/meridian-prod/events')).json.length,
    ).toBeGreaterThan(1000);
  });

  it('adds latency to API responses', async () => {
    humio.control.setLatency(150);
    const began = Date.now();
    expect((await api.call('GET', '/api/v1/status')).status).toBe(200);
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    expect((await control('PUT', '/latency', { ms: 0 })).json).toEqual({
      latencyMs: 0,
    });
    expect(() => humio.control.setLatency(-1)).toThrow(RangeError);
  });
});
