import request from 'supertest';
import { LocalHumio } from '@internal/dev-humio';
import {
  component,
  logsPath,
  REPOSITORY,
  startApi,
} from './__testUtils__/testBackend';
import { compareWithHumio, useLocalHumio } from './__testUtils__/localHumio';

jest.setTimeout(60_000);

/**
 * What the API asks Humio and answers: a component's events and counts, the
 * defaults, annotations and their limits, the service filter, the template
 * and the text filter.
 */
describe('humio backend', () => {
  let humio: LocalHumio;

  useLocalHumio(started => {
    humio = started;
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
});
