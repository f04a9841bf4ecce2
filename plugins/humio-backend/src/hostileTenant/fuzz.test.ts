import { fuzzRoutes, summarizeFailures } from '@internal/portal-test-utils';
import { LocalHumio, startHumioServer } from '@internal/dev-humio';
import {
  component,
  REPOSITORY,
  SERVICES,
  startApi,
  TOKEN,
} from '../__testUtils__/testBackend';

jest.setTimeout(300_000);

/**
 * Every route of the Humio proxy, found in its router, called with
 * generated hostile input by a signed-in user, the local Humio answering:
 * never a 5xx, every 4xx says why, nothing hangs, and the API still
 * answers afterwards.
 */
describe('hostile tenant: humio route fuzzer', () => {
  let humio: LocalHumio;

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: TOKEN,
      ingestTokens: { 'ingest-token': REPOSITORY },
      services: SERVICES,
      seed: 7,
    });
  });

  afterAll(async () => {
    await humio?.close();
  });

  it('answers hostile requests with a 4xx and a message', async () => {
    const backend = await startApi({
      humio,
      entities: [component('payments-api')],
    });
    const report = await fuzzRoutes({
      server: backend.server,
      pluginId: 'humio',
      examples: {
        'GET /entities/:namespace/:kind/:name/logs': {
          params: {
            namespace: 'default',
            kind: 'component',
            name: 'payments-api',
          },
          query: { range: '1h', limit: '20' },
        },
      },
      healthCheck: { path: '/status' },
    });

    expect(report.unfuzzable).toEqual([]);
    expect(report.routes.map(r => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/humio/entities/:namespace/:kind/:name/logs',
      ]),
    );
    expect(summarizeFailures(report)).toEqual([]);
    expect(report.statuses[400]).toBeGreaterThan(20);
    await backend.stop();
  });
});
