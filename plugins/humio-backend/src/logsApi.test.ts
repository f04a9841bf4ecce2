import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntityLogsOk,
  HumioStatusResponse,
} from '@internal/backstage-plugin-humio-common';
import { LocalHumio, startHumioServer } from '@internal/dev-humio';
import {
  component,
  humioQuery,
  REPOSITORY,
  SERVICES,
  startApi,
  TOKEN,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const logsPath = (name: string, query = '') =>
  `/api/humio/entities/default/component/${name}/logs${query}`;

type Expected = { ids: string[]; total: number; errors: number };

/**
 * Asks the local Humio the same questions around a call of the API and
 * retries when the sample logs' sliding window moved in between, so that
 * the comparison is exact without racing the clock.
 */
async function compareWithHumio(
  humio: LocalHumio,
  query: string,
  range: string,
  limit: number,
  call: () => Promise<EntityLogsOk>,
): Promise<{ actual: EntityLogsOk; expected: Expected }> {
  const expect = async (): Promise<Expected> => {
    const [events, total, errors] = await Promise.all([
      humioQuery(humio, `${query}\n| tail(${limit})`, range),
      humioQuery(humio, `${query}\n| count()`, range),
      humioQuery(humio, `${query}\n| level = ERROR\n| count()`, range),
    ]);
    return {
      ids: events.map(e => String(e['@id'])),
      total: Number(total[0]._count),
      errors: Number(errors[0]._count),
    };
  };
  for (let attempt = 0; ; attempt++) {
    const before = await expect();
    const actual = await call();
    const after = await expect();
    if (JSON.stringify(before) === JSON.stringify(after) || attempt === 4) {
      return { actual, expected: after };
    }
  }
}

describe('humio backend', () => {
  let humio: LocalHumio;

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: TOKEN,
      ingestTokens: { 'ingest-token': REPOSITORY },
      repositories: ['other-repo'],
      services: SERVICES,
      seed: 7,
    });
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

  it("lets the humio.com/query annotation narrow the component's events, and humio.com/repository choose the repository", async () => {
    const backend = await startApi({
      humio,
      entities: [
        component('orders-api', { query: 'level = ERROR' }),
        component('ledger', {
          query:
            'service = "{{ entity.metadata.name }}" or service = "payments-api"',
        }),
        component('archived', { repository: 'other-repo' }),
        component('elsewhere', { repository: 'no-such-repo' }),
        component('broken', { query: 'service = "x" | eval(x := 1)' }),
      ],
    });
    try {
      // The portal's service filter comes first, as a stage of its own.
      const confined = 'service = "orders-api"\n| level = ERROR';
      const { actual, expected } = await compareWithHumio(
        humio,
        confined,
        '24h',
        50,
        async () =>
          (
            await request(backend.server).get(
              logsPath('orders-api', '?range=24h&limit=50'),
            )
          ).body,
      );
      expect(actual.query).toBe(confined);
      expect(actual.counts).toEqual({
        total: expected.total,
        errors: expected.total,
      });
      expect(expected.total).toBeGreaterThan(0);
      expect(actual.events.map(e => e.id)).toEqual(expected.ids);
      expect(new Set(actual.events.map(e => e.level))).toEqual(
        new Set(['ERROR']),
      );

      // An annotation reaching for another service's events only gets the
      // component's own.
      const ledger = await request(backend.server).get(logsPath('ledger'));
      expect(ledger.body.query).toBe(
        'service = "ledger"\n| service = "ledger" or service = "payments-api"',
      );
      expect(ledger.body.counts.total).toBeGreaterThan(0);
      expect(
        new Set(
          ledger.body.events.map(
            (e: { fields: { service: string } }) => e.fields.service,
          ),
        ),
      ).toEqual(new Set(['ledger']));

      const archived = await request(backend.server).get(logsPath('archived'));
      expect(archived.body).toMatchObject({
        status: 'ok',
        repository: 'other-repo',
        counts: { total: 0, errors: 0 },
        events: [],
      });
      expect(archived.body.humioUrl).toContain('/other-repo/search?');

      const elsewhere = await request(backend.server).get(
        logsPath('elsewhere'),
      );
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.body).toMatchObject({
        status: 'invalid-query',
        repository: 'no-such-repo',
      });
      expect(elsewhere.body.message).toContain("'no-such-repo'");

      const broken = await request(backend.server).get(logsPath('broken'));
      expect(broken.body).toMatchObject({
        status: 'invalid-query',
        query: 'service = "broken"\n| service = "x" | eval(x := 1)',
      });
      expect(broken.body.message).toMatch(/^Humio refused the query: /);
    } finally {
      await backend.stop();
    }
  });

  it('keeps annotations to humio.allowedRepositories when it is set', async () => {
    const backend = await startApi({
      humio,
      entities: [
        component('archived', { repository: 'other-repo' }),
        component('sneaky', { repository: 'secret-audit' }),
        component('payments-api', { repository: REPOSITORY }),
      ],
      config: { allowedRepositories: ['other-repo'] },
    });
    try {
      humio.control.resetStats();
      const sneaky = await request(backend.server).get(logsPath('sneaky'));
      expect(sneaky.body).toEqual({
        status: 'invalid-query',
        repository: 'secret-audit',
        message:
          "The repository 'secret-audit' (annotation humio.com/repository) is not one the portal may read (humio.allowedRepositories).",
      });
      expect(humio.control.stats().requests).toBe(0);
      for (const name of ['archived', 'payments-api']) {
        const res = await request(backend.server).get(logsPath(name));
        expect(res.body.status).toBe('ok');
      }
    } finally {
      await backend.stop();
    }
  });

  it('refuses over-long annotations with a 400 that says which and why, without asking Humio', async () => {
    const backend = await startApi({
      humio,
      entities: [
        component('long-query', {
          query: `service = "long-query" ${' '.repeat(1980)}{{`,
        }),
        component('long-repo', { repository: `r${'e'.repeat(100)}po` }),
        component('at-the-caps', {
          query: `level = ERROR${' '.repeat(2000 - 13)}`,
          repository: 'm'.repeat(100),
        }),
        component('wide', {
          query: 'join({service = *}, field=traceId, repository=audit)',
        }),
      ],
    });
    try {
      humio.control.resetStats();
      const long = await request(backend.server).get(logsPath('long-query'));
      expect(long.status).toBe(400);
      expect(long.body.error).toMatchObject({
        name: 'InputError',
        message:
          "The humio.com/query annotation of component:default/long-query is 2005 characters long; the portal reads at most 2000. Shorten it in the component's catalog-info.yaml.",
      });
      const repo = await request(backend.server).get(logsPath('long-repo'));
      expect(repo.status).toBe(400);
      expect(repo.body.error.message).toBe(
        "The humio.com/repository annotation of component:default/long-repo is 103 characters long; the portal reads at most 100. Shorten it in the component's catalog-info.yaml.",
      );
      expect(humio.control.stats().requests).toBe(0);

      // At the caps: read (Humio only knows no such repository).
      const fits = await request(backend.server).get(logsPath('at-the-caps'));
      expect(fits.status).toBe(200);
      expect(fits.body).toMatchObject({
        status: 'invalid-query',
        repository: 'm'.repeat(100),
      });

      const wide = await request(backend.server).get(logsPath('wide'));
      expect(wide.status).toBe(200);
      expect(wide.body).toEqual({
        status: 'invalid-query',
        repository: REPOSITORY,
        message:
          "The query may not use join(): it reads beyond this component's events",
      });
    } finally {
      await backend.stop();
    }
  });

  it('confines annotation queries with humio.serviceFilter when it is set', async () => {
    const backend = await startApi({
      humio,
      entities: [
        component('payments', { query: 'level = ERROR' }, { owner: 'x' }),
        component('payments-api'),
      ],
      config: {
        defaultQuery: 'service = "{{ entity.metadata.name }}"',
        serviceFilter: 'service = "{{ entity.metadata.name }}-api"',
      },
    });
    try {
      const own = await request(backend.server).get(logsPath('payments'));
      expect(own.body.query).toBe('service = "payments-api"\n| level = ERROR');
      expect(own.body.counts.total).toBeGreaterThan(0);
      const plain = await request(backend.server).get(logsPath('payments-api'));
      expect(plain.body.query).toBe('service = "payments-api"');
    } finally {
      await backend.stop();
    }
  });

  it('fills the configured template with the entity, and refuses placeholders it cannot fill', async () => {
    const backend = await startApi({
      humio,
      entities: [
        component('payments', {}, { owner: 'payments-api' }),
        { ...component('ownerless'), spec: { type: 'service' } },
      ],
      config: { defaultQuery: 'service = "{{ entity.spec.owner }}"' },
    });
    try {
      const res = await request(backend.server).get(logsPath('payments'));
      expect(res.body.query).toBe('service = "payments-api"');
      expect(res.body.counts.total).toBeGreaterThan(0);

      const ownerless = await request(backend.server).get(
        logsPath('ownerless'),
      );
      expect(ownerless.body).toEqual({
        status: 'invalid-query',
        repository: REPOSITORY,
        message: 'The entity has no value for {{ entity.spec.owner }}',
      });
    } finally {
      await backend.stop();
    }
  });

  it('adds a text filter as a quoted string only', async () => {
    const backend = await startApi({
      humio,
      entities: [component('payments-api')],
    });
    try {
      const { actual, expected } = await compareWithHumio(
        humio,
        '"timeout"\n| service = "payments-api"',
        '24h',
        100,
        async () =>
          (
            await request(backend.server)
              .get(logsPath('payments-api'))
              .query({ range: '24h', filter: 'timeout' })
          ).body,
      );
      expect(actual.counts.total).toBe(expected.total);
      expect(actual.events.map(e => e.id)).toEqual(expected.ids);
      expect(actual.events.every(e => /timeout/i.test(e.message))).toBe(true);

      // Quotes, pipes and comments stay text: no other service, no error.
      const sneaky = await request(backend.server)
        .get(logsPath('payments-api'))
        .query({ filter: '" or service = * | groupBy(service) // \\' });
      expect(sneaky.status).toBe(200);
      expect(sneaky.body.status).toBe('ok');
      expect(sneaky.body.query).toBe(
        '"\\" or service = * | groupBy(service) // \\\\"\n| service = "payments-api"',
      );
      expect(sneaky.body.counts.total).toBe(0);
    } finally {
      await backend.stop();
    }
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
