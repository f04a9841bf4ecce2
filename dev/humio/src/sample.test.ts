import { client } from './__testUtils__/client';
import { HumioEvent, LocalHumio, startHumioServer } from './index';
import { SampleLogs } from './data/sample';

const API = 'api-token';
const SERVICES = ['payments-api', 'orders-api', 'search-api', 'ledger-worker'];
const HOUR = 60 * 60 * 1000;

describe('sample logs', () => {
  let a: LocalHumio;
  let b: LocalHumio;
  let other: LocalHumio;
  let t0: number;

  beforeAll(async () => {
    t0 = Date.now();
    const options = { apiToken: API, ingestTokens: {}, services: SERVICES };
    [a, b, other] = await Promise.all([
      startHumioServer({ ...options, seed: 42 }),
      startHumioServer({ ...options, seed: 42 }),
      startHumioServer({ ...options, seed: 43, sampleRepository: 'sandbox' }),
    ]);
  });

  afterAll(() => Promise.all([a, b, other].map(h => h.close())));

  /** Events between 23h and 1h before the test started: the same whatever the clock does meanwhile. */
  const window = (events: HumioEvent[]) =>
    events.filter(
      e => e['@timestamp'] > t0 - 23 * HOUR && e['@timestamp'] <= t0 - HOUR,
    );

  it('is the same for the same seed, and differs for another', () => {
    const fromA = window(a.control.events('meridian-prod'));
    const fromB = window(b.control.events('meridian-prod'));
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromA).toEqual(fromB);
    const fromOther = window(other.control.events('sandbox'));
    expect(fromOther.map(e => e['@id'])).not.toEqual(fromA.map(e => e['@id']));
    expect(other.control.info().repositories).toEqual(['sandbox']);
  });

  it('has about one event per service per minute over the last 24 hours', () => {
    const now = Date.now();
    const events = a.control.events('meridian-prod');
    for (const service of SERVICES) {
      const n = events.filter(e => e.service === service).length;
      expect(n).toBeGreaterThanOrEqual(1438);
      expect(n).toBeLessThanOrEqual(1441);
    }
    const times = events.map(e => e['@timestamp']);
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(Math.max(...times)).toBeGreaterThan(now - 2 * 60_000);
    expect(Math.min(...times)).toBeGreaterThan(now - 24 * HOUR);
    // Newest first.
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('has log-like fields, and ~5% errors', () => {
    const events = a.control.events('meridian-prod');
    for (const e of events.slice(0, 200)) {
      expect(e).toMatchObject({
        '#repo': 'meridian-prod',
        '@timezone': 'Z',
        service: expect.any(String),
        message: expect.any(String),
        logger: expect.stringMatching(/^com\.meridian\.\w+\.\w+$/),
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(['INFO', 'WARN', 'ERROR']).toContain(e.level);
      expect(e['@rawstring']).toBe(
        `${new Date(e['@timestamp']).toISOString()} ${String(e.level).padEnd(
          5,
        )} [${e.service}] ${e.logger} - ${e.message} traceId=${e.traceId}`,
      );
    }
    const errors = events.filter(e => e.level === 'ERROR');
    const ratio = errors.length / events.length;
    expect(ratio).toBeGreaterThan(0.02);
    expect(ratio).toBeLessThan(0.08);
    for (const service of SERVICES) {
      expect(errors.some(e => e.service === service)).toBe(true);
    }
    expect(events.some(e => e.level === 'WARN')).toBe(true);
    expect(new Set(events.map(e => e['@id'])).size).toBe(events.length);
  });

  it('answers the queries a Logs tab makes', async () => {
    const api = client(a, API);
    const recent = await api.query('meridian-prod', {
      queryString: 'service=payments-api | tail(20)',
      start: '24h',
    });
    expect(recent.rows).toHaveLength(20);
    expect(recent.rows.every(r => r.service === 'payments-api')).toBe(true);

    const byService = await api.query('meridian-prod', {
      queryString: 'level=ERROR | groupBy(service)',
    });
    expect(byService.rows.map(r => r.service)).toEqual([...SERVICES].sort());
    const total = byService.rows.reduce((n, r) => n + Number(r._count), 0);
    const count = await api.query('meridian-prod', {
      queryString: 'level=ERROR | count()',
    });
    expect(Number(count.rows[0]._count)).toBe(total);

    const lastHour = await api.query('meridian-prod', {
      queryString: 'count()',
      start: '1h',
    });
    expect(Number(lastHour.rows[0]._count)).toBeGreaterThanOrEqual(
      SERVICES.length * 59,
    );
    expect(Number(lastHour.rows[0]._count)).toBeLessThanOrEqual(
      SERVICES.length * 61,
    );
  });

  it('is generated on demand for any window, with the same events each time', () => {
    const logs = new SampleLogs({
      services: ['a', 'b'],
      seed: 9,
      repository: 'r',
    });
    const now = Date.UTC(2024, 4, 1, 12, 0, 0);
    const hour = logs.events(now - 3 * HOUR, now - 2 * HOUR, now);
    expect(hour.length).toBeGreaterThanOrEqual(119);
    expect(hour.length).toBeLessThanOrEqual(121);
    // A later clock still gives the same events for the same minutes.
    const later = new SampleLogs({
      services: ['a', 'b'],
      seed: 9,
      repository: 'r',
    });
    expect(later.events(now - 3 * HOUR, now - 2 * HOUR, now + HOUR)).toEqual(
      hour,
    );
    // Nothing older than 24 hours, nothing in the future.
    expect(logs.events(now - 48 * HOUR, now - 24 * HOUR, now)).toEqual([]);
    expect(logs.events(now + 1, now + HOUR, now)).toEqual([]);
  });
});
