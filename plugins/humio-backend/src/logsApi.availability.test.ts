import request from 'supertest';
import type { HumioStatusResponse } from '@internal/backstage-plugin-humio-common';
import { LocalHumio, startHumioServer } from '@internal/dev-humio';
import {
  component,
  logsPath,
  startApi,
  TOKEN,
} from './__testUtils__/testBackend';
import { startLocalHumio } from './__testUtils__/localHumio';

jest.setTimeout(60_000);

/** Humio down, slow or not configured. */
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

  it('says "not connected" while Humio is down, and recovers', async () => {
    const backend = await startApi({
      humio,
      entities: [component('payments-api')],
    });
    try {
      const up = await request(backend.server).get('/api/humio/status');
      expect(up.body).toEqual({
        configured: true,
        connected: true,
        checkedAt: expect.any(String),
      } satisfies HumioStatusResponse);

      humio.control.setDown(true);
      const logs = await request(backend.server).get(logsPath('payments-api'));
      expect(logs.status).toBe(503);
      expect(logs.body.error.name).toBe('ServiceUnavailableError');
      expect(logs.body.error.message).toMatch(
        /^Humio is not connected: Humio answered HTTP 503/,
      );
      const down = await request(backend.server).get('/api/humio/status');
      expect(down.status).toBe(200);
      expect(down.body).toMatchObject({ configured: true, connected: false });
      expect(down.body.message).toMatch(/^Humio answered HTTP 503/);

      humio.control.setDown(false);
      const again = await request(backend.server).get(logsPath('payments-api'));
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('ok');
      expect(
        (await request(backend.server).get('/api/humio/status')).body.connected,
      ).toBe(true);
    } finally {
      await backend.stop();
    }
  });

  it('gives up on a slow Humio after the timeout', async () => {
    const backend = await startApi({
      humio,
      entities: [component('payments-api')],
      config: { timeout: { milliseconds: 300 } },
    });
    try {
      humio.control.setLatency(2000);
      const res = await request(backend.server).get(logsPath('payments-api'));
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        'Humio is not connected: Humio did not answer within 300 ms',
      );
    } finally {
      await backend.stop();
    }
  });

  it('starts without Humio: unconfigured, or configured and unreachable', async () => {
    const unconfigured = await startApi({
      entities: [component('payments-api')],
      config: null,
    });
    const gone = await startHumioServer({ apiToken: TOKEN, ingestTokens: {} });
    const url = gone.url;
    await gone.close();
    const unreachable = await startApi({
      entities: [component('payments-api')],
      config: { baseUrl: url, token: TOKEN },
    });
    try {
      const status = await request(unconfigured.server).get(
        '/api/humio/status',
      );
      expect(status.body).toEqual({
        configured: false,
        connected: false,
        message: 'Humio is not configured: humio.baseUrl is not set.',
        checkedAt: expect.any(String),
      });
      const logs = await request(unconfigured.server).get(
        logsPath('payments-api'),
      );
      expect(logs.status).toBe(200);
      expect(logs.body).toEqual({
        status: 'not-configured',
        message: 'Humio is not configured: humio.baseUrl is not set.',
      });

      const refused = await request(unreachable.server).get(
        logsPath('payments-api'),
      );
      expect(refused.status).toBe(503);
      expect(refused.body.error.message).toMatch(
        /^Humio is not connected: Humio could not be reached at http:\/\/127\.0\.0\.1:\d+/,
      );
    } finally {
      await unconfigured.stop();
      await unreachable.stop();
    }
  });
});
