import request from 'supertest';
import { LocalHumio } from '@internal/dev-humio';
import {
  component,
  logsPath,
  REPOSITORY,
  startApi,
} from './__testUtils__/testBackend';
import { compareWithHumio, startLocalHumio } from './__testUtils__/localHumio';

jest.setTimeout(60_000);

/** A component's events and counts, as the local Humio has them. */
describe('humio backend', () => {
  let humio: LocalHumio;

  beforeAll(async () => {
    humio = await startLocalHumio();
  });

  afterAll(async () => {
    await humio?.close();
  });

  afterEach(() => {
    humio.control.reset();
  });

  it("returns a component's recent events and counts, as Humio has them", async () => {
    const backend = await startApi({
      humio,
      entities: [component('payments-api')],
    });
    try {
      const { actual, expected } = await compareWithHumio(
        humio,
        'service = "payments-api"',
        '6h',
        25,
        async () => {
          const res = await request(backend.server).get(
            logsPath('payments-api', '?range=6h&limit=25'),
          );
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          return res.body;
        },
      );
      expect(actual).toMatchObject({
        status: 'ok',
        range: '6h',
        repository: REPOSITORY,
        query: 'service = "payments-api"',
        limit: 25,
        counts: { total: expected.total, errors: expected.errors },
      });
      // One line a minute over six hours, a few percent errors.
      expect(expected.total).toBeGreaterThan(300);
      expect(expected.errors).toBeGreaterThan(0);
      expect(actual.events.map(e => e.id)).toEqual(expected.ids);
      expect(actual.events).toHaveLength(25);

      const timestamps = actual.events.map(e => e.timestamp);
      expect([...timestamps].sort().reverse()).toEqual(timestamps);
      const [first] = actual.events;
      expect(first).toEqual({
        id: expect.any(String),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        level: expect.stringMatching(/^(INFO|WARN|ERROR)$/),
        message: expect.any(String),
        fields: expect.objectContaining({
          service: 'payments-api',
          logger: expect.stringMatching(/^com\.meridian\.paymentsapi\./),
          traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        }),
      });
      const raw = humio.control
        .events(REPOSITORY)
        .find(e => e['@id'] === first.id)!;
      expect(first.message).toBe(raw.message);
      expect(first.timestamp).toBe(new Date(raw['@timestamp']).toISOString());

      const url = new URL(actual.humioUrl);
      expect(`${url.origin}${url.pathname}`).toBe(
        `${humio.url}/${REPOSITORY}/search`,
      );
      expect(url.searchParams.get('query')).toBe('service = "payments-api"');
      expect(url.searchParams.get('start')).toBe('6h');
      expect(url.searchParams.get('live')).toBe('false');
    } finally {
      await backend.stop();
    }
  });

  it('uses the range and limit defaults (1h, 100)', async () => {
    const backend = await startApi({
      humio,
      entities: [component('orders-api')],
    });
    try {
      const res = await request(backend.server).get(logsPath('orders-api'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', range: '1h', limit: 100 });
      // About 60 lines an hour: all of them fit.
      expect(res.body.events.length).toBe(res.body.counts.total);
      expect(
        res.body.events.every(
          (e: { fields: { service: string } }) =>
            e.fields.service === 'orders-api',
        ),
      ).toBe(true);
    } finally {
      await backend.stop();
    }
  });
});
