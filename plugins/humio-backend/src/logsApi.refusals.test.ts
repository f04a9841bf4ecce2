import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { HumioStatusResponse } from '@internal/backstage-plugin-humio-common';
import { LocalHumio, startHumioServer } from '@internal/dev-humio';
import {
  component,
  logsPath,
  startApi,
  TOKEN,
} from './__testUtils__/testBackend';
import { useLocalHumio } from './__testUtils__/localHumio';

jest.setTimeout(60_000);

/**
 * What the API refuses or cannot answer, and never gives away: the token, bad
 * parameters, unknown entities, the permission policy, and Humio down, slow
 * or not configured.
 */
describe('humio backend', () => {
  let humio: LocalHumio;

  useLocalHumio(started => {
    humio = started;
  });

  it('sends the token to Humio and never back to the caller', async () => {
    const backend = await startApi({
      humio,
      entities: [
        component('payments-api'),
        component('elsewhere', { repository: 'no-such-repo' }),
      ],
    });
    const wrong = await startApi({
      humio,
      entities: [component('payments-api')],
      config: { token: `${TOKEN}-wrong` },
    });
    try {
      humio.control.resetStats();
      const bodies: string[] = [];
      const get = async (server: typeof backend.server, path: string) => {
        const res = await request(server).get(path);
        bodies.push(res.text, JSON.stringify(res.headers));
        return res;
      };
      expect((await get(backend.server, logsPath('payments-api'))).status).toBe(
        200,
      );
      // Humio only answers queries with the right token in a Bearer header.
      expect(humio.control.stats().byStatus).toEqual({ '200': 3 });
      await get(backend.server, logsPath('elsewhere'));
      await get(backend.server, '/api/humio/status');
      await get(backend.server, logsPath('payments-api', '?range=2h'));

      const refused = await get(wrong.server, logsPath('payments-api'));
      expect(refused.status).toBe(503);
      expect(refused.body.error.message).toBe(
        "Humio is not connected: Humio refused the portal's token (HTTP 401); check humio.token",
      );
      const status = await get(wrong.server, '/api/humio/status');
      expect(status.body).toMatchObject({ configured: true, connected: false });

      for (const body of bodies) {
        expect(body).not.toContain(TOKEN);
      }
    } finally {
      await backend.stop();
      await wrong.stop();
    }
  });

  it('rejects bad parameters with 400 naming the field', async () => {
    const backend = await startApi({
      humio,
      entities: [component('payments-api')],
    });
    try {
      humio.control.resetStats();
      const cases: Array<[string, string]> = [
        [
          '?range=2h',
          'Invalid request: range: must be one of 15m, 1h, 6h, 24h, 7d',
        ],
        ['?range=1h&range=7d', 'Invalid request: range: must be given once'],
        ['?limit=0', 'Invalid request: limit: must be at least 1'],
        ['?limit=501', 'Invalid request: limit: must be at most 500'],
        ['?limit=ten', 'Invalid request: limit: must be a whole number'],
        [
          `?filter=${'x'.repeat(201)}`,
          'Invalid request: filter: must be at most 200 characters',
        ],
      ];
      for (const [query, message] of cases) {
        const res = await request(backend.server).get(
          logsPath('payments-api', query),
        );
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ name: 'InputError', message });
      }
      const badName = await request(backend.server).get(
        '/api/humio/entities/default/component/pay%20ments!/logs',
      );
      expect(badName.status).toBe(400);
      expect(badName.body.error.message).toMatch(/^Invalid request: name: /);
      expect(humio.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
    }
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const backend = await startApi({
      humio,
      entities: [component('payments-api')],
    });
    try {
      const res = await request(backend.server).get(logsPath('nobody-api'));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'No entity component:default/nobody-api in the catalog',
      );
    } finally {
      await backend.stop();
    }
  });

  it('asks the policy about the entity, and answers 403 when it denies', async () => {
    const asked: unknown[] = [];
    const backend = await startApi({
      humio,
      entities: [component('payments-api'), component('orders-api')],
      features: [
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => {
              asked.push(r);
              const ref = (r as { resourceRef?: string }).resourceRef;
              return {
                result:
                  ref === 'component:default/payments-api'
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
      ],
    });
    const denied = await startApi({
      humio,
      entities: [component('payments-api')],
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      expect(
        (await request(backend.server).get(logsPath('payments-api'))).status,
      ).toBe(200);
      humio.control.resetStats();
      const other = await request(backend.server).get(logsPath('orders-api'));
      expect(other.status).toBe(403);
      expect(other.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: 'You may not read the logs of component:default/orders-api',
      });
      expect(asked).toEqual([
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'humio.logs.read',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/payments-api',
        }),
        expect.objectContaining({
          resourceRef: 'component:default/orders-api',
        }),
      ]);

      expect(
        (await request(denied.server).get(logsPath('payments-api'))).status,
      ).toBe(403);
      expect(
        (await request(denied.server).get('/api/humio/status')).status,
      ).toBe(403);
      expect(humio.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
      await denied.stop();
    }
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
