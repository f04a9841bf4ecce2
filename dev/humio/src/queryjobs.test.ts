import { client } from './__testUtils__/client';
import { LocalHumio, startHumioServer } from './index';

const API = 'api-token';

describe('query jobs', () => {
  let humio: LocalHumio;
  let api: ReturnType<typeof client>;

  const ingest = (rawstrings: string[], ago = 1000) =>
    api.ingest('ingest-apps', [
      {
        tags: { env: 'prod' },
        events: rawstrings.map(rawstring => ({
          timestamp: Date.now() - ago,
          attributes: { level: rawstring.split(' ')[0] },
          rawstring,
        })),
      },
    ]);
  const create = async (repo: string, body: unknown) => {
    const res = await api.call(
      'POST',
      `/api/v1/repositories/${repo}/queryjobs`,
      {
        body,
      },
    );
    return {
      ...res,
      json: res.status === 200 ? JSON.parse(res.text) : undefined,
    };
  };
  const poll = async (repo: string, id: string, token?: string) => {
    const res = await api.call(
      'GET',
      `/api/v1/repositories/${repo}/queryjobs/${encodeURIComponent(id)}`,
      { token },
    );
    return {
      ...res,
      json: res.status === 200 ? JSON.parse(res.text) : undefined,
    };
  };

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: API,
      ingestTokens: { 'ingest-apps': 'apps', 'ingest-other': 'other' },
    });
    api = client(humio, API);
  });

  afterAll(() => humio.close());

  beforeEach(() => humio.control.reset());

  it('creates a job, then polls it for events and Humio metaData', async () => {
    await ingest(['ERROR disk full', 'INFO started', 'ERROR out of memory']);
    const created = await create('apps', {
      queryString: 'level=ERROR',
      start: '1h',
      end: 'now',
      isLive: false,
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^P0-[\w-]+$/),
      hashedQueryOnView: expect.stringMatching(/^[0-9a-f]{32}$/),
    });

    const before = Date.now();
    const { status, json } = await poll('apps', created.json.id);
    expect(status).toBe(200);
    expect(json.done).toBe(true);
    expect(json.cancelled).toBe(false);
    expect(json.events.map((e: any) => e['@rawstring']).sort()).toEqual([
      'ERROR disk full',
      'ERROR out of memory',
    ]);
    expect(json.events[0]).toMatchObject({
      '#repo': 'apps',
      '#env': 'prod',
      level: 'ERROR',
      '@timestamp': expect.any(Number),
    });
    const meta = json.metaData;
    expect(meta).toMatchObject({
      eventCount: 2,
      isAggregate: false,
      extraData: { hasMoreEvents: 'false' },
      processedEvents: 3,
      resultBufferSize: 2,
      workDone: 1,
      totalWork: 1,
      pollAfter: expect.any(Number),
      timeMillis: expect.any(Number),
      costs: expect.objectContaining({ staticCost: 0 }),
      digestFlow: expect.objectContaining({
        ingestTimeKnownGood: expect.any(Number),
      }),
      filterQuery: expect.objectContaining({
        queryString: 'level=ERROR',
        start: '1h',
        end: 'now',
      }),
    });
    expect(meta.fieldOrder).toEqual(
      expect.arrayContaining(['@timestamp', '@rawstring', 'level']),
    );
    expect(meta.queryEnd).toBeGreaterThanOrEqual(before);
    expect(meta.queryEnd - meta.queryStart).toBe(60 * 60 * 1000);
    expect(meta.processedBytes).toBeGreaterThan(0);
  });

  it('runs the query again on every poll', async () => {
    const created = await create('apps', { queryString: 'ERROR | count()' });
    const first = await poll('apps', created.json.id);
    expect(first.json.events).toEqual([{ _count: '0' }]);
    expect(first.json.metaData.isAggregate).toBe(true);
    await ingest(['ERROR late arrival']);
    const second = await poll('apps', created.json.id);
    expect(second.json.events).toEqual([{ _count: '1' }]);
    expect(second.json.metaData.eventCount).toBe(1);
  });

  it('reports hasMoreEvents beyond 200 events', async () => {
    await ingest(Array.from({ length: 230 }, (_, i) => `INFO line ${i}`));
    const created = await create('apps', { queryString: 'line' });
    const { json } = await poll('apps', created.json.id);
    expect(json.events).toHaveLength(200);
    expect(json.metaData.extraData.hasMoreEvents).toBe('true');
    expect(json.metaData.processedEvents).toBe(230);
  });

  it('deletes (cancels) a job: 204, then 404', async () => {
    const created = await create('apps', { queryString: '*' });
    const id = created.json.id;
    const del = await api.call(
      'DELETE',
      `/api/v1/repositories/apps/queryjobs/${id}`,
    );
    expect(del.status).toBe(204);
    expect((await poll('apps', id)).status).toBe(404);
    const again = await api.call(
      'DELETE',
      `/api/v1/repositories/apps/queryjobs/${id}`,
    );
    expect(again.status).toBe(404);
  });

  it('keeps a job to its repository, and checks tokens', async () => {
    const created = await create('apps', { queryString: '*' });
    const id = created.json.id;
    expect((await poll('other', id)).status).toBe(404);
    expect((await poll('apps', 'P0-unknown')).status).toBe(404);
    expect((await poll('apps', id, 'wrong')).status).toBe(401);
    expect((await poll('apps', id)).status).toBe(200);
  });

  it('answers 400 with a message for a bad query or body at creation', async () => {
    const bad = await create('apps', { queryString: 'groupBy(' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/Could not parse the query/);
    const noQuery = await create('apps', { start: '1h' });
    expect(noQuery.status).toBe(400);
    expect(noQuery.text).toMatch(/queryString/);
    const badTime = await create('apps', { queryString: '*', end: 'later' });
    expect(badTime.status).toBe(400);
    expect(badTime.text).toMatch(/Invalid end "later"/);
  });

  it('keeps a live job running (done: false) until deleted', async () => {
    const created = await create('apps', {
      queryString: '*',
      start: '5m',
      isLive: true,
    });
    const { json } = await poll('apps', created.json.id);
    expect(json.done).toBe(false);
    expect(json.metaData.filterQuery.isLive).toBe(true);
  });
});
