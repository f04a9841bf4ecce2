import { mockApis } from '@backstage/frontend-test-utils';
import { statusOf } from '@internal/backstage-plugin-portal-react';
import {
  jsonResponse as ok,
  setupClient,
} from '@internal/backstage-plugin-portal-react/testing';
import { describeError } from '../lib/errors';
import { CatalogIngestionClient } from './CatalogIngestionClient';

function setup(response: () => Response) {
  const { client, fetch, href, method } = setupClient(
    apis => new CatalogIngestionClient(apis),
    response,
  );
  return { client, fetch, url: href, method };
}

/** An error the way Backstage's error handler sends it. */
const backstageError = (status: number, name: string, message: string) => () =>
  new Response(
    JSON.stringify({
      error: { name, message },
      request: { method: 'GET', url: '/incremental/providers' },
      response: { statusCode: status },
    }),
    { status, headers: { 'content-type': 'application/json' } },
  );

/** A 404 the way the ingestion router sends it itself. */
const routerNotFound = (body: unknown) => () =>
  new Response(JSON.stringify(body), {
    status: 404,
    statusText: 'Not Found',
    headers: { 'content-type': 'application/json' },
  });

const BASE = 'http://backend/api/catalog/incremental';

describe('CatalogIngestionClient', () => {
  it('reads the health and the providers under the catalog base URL', async () => {
    const health = setup(ok({ healthy: true }));
    await expect(health.client.getHealth()).resolves.toEqual({
      healthy: true,
      duplicateIngestions: [],
    });
    expect(health.url()).toBe(`${BASE}/health`);
    expect(health.method()).toBe('GET');

    const duplicates = setup(
      ok({ healthy: false, duplicateIngestions: ['github-repos-meridian'] }),
    );
    await expect(duplicates.client.getHealth()).resolves.toEqual({
      healthy: false,
      duplicateIngestions: ['github-repos-meridian'],
    });

    const list = setup(
      ok({ success: true, providers: ['github-repos-meridian', 'other'] }),
    );
    await expect(list.client.listProviders()).resolves.toEqual([
      'github-repos-meridian',
      'other',
    ]);
    expect(list.url()).toBe(`${BASE}/providers`);
  });

  it('reads a status, escaping the provider name, in camel case', async () => {
    const { client, url } = setup(
      ok({
        success: true,
        status: {
          current_action: 'backing off',
          next_action_at: '2024-05-01T10:05:00.000Z',
        },
        last_error: 'Error: GitHub answered 502',
      }),
    );
    await expect(client.getProviderStatus('a b/c')).resolves.toEqual({
      currentAction: 'backing off',
      nextActionAt: '2024-05-01T10:05:00.000Z',
      lastError: 'Error: GitHub answered 502',
    });
    expect(url()).toBe(`${BASE}/providers/a%20b%2Fc`);
  });

  it('reads the status between two cycles (no time, no error)', async () => {
    const { client } = setup(
      ok({
        success: true,
        status: { current_action: 'rest complete, waiting to start' },
      }),
    );
    await expect(client.getProviderStatus('p')).resolves.toEqual({
      currentAction: 'rest complete, waiting to start',
      nextActionAt: undefined,
      lastError: undefined,
    });
  });

  it('reads the pages of a cycle, with SQLite and Postgres times', async () => {
    const { client, url } = setup(
      ok({
        success: true,
        records: [
          {
            id: 'm2',
            ingestion_id: 'i1',
            sequence: 2,
            cursor: null,
            created_at: '2024-05-01 10:02:00',
          },
          {
            id: 'm1',
            ingestion_id: 'i1',
            sequence: '1',
            cursor: { after: 'abc' },
            created_at: '2024-05-01T10:01:00.000Z',
          },
        ],
      }),
    );
    await expect(
      client.getProviderMarks('github-repos-meridian'),
    ).resolves.toEqual([
      {
        id: 'm2',
        sequence: 2,
        cursor: undefined,
        createdAt: '2024-05-01T10:02:00.000Z',
      },
      {
        id: 'm1',
        sequence: 1,
        cursor: { after: 'abc' },
        createdAt: '2024-05-01T10:01:00.000Z',
      },
    ]);
    expect(url()).toBe(`${BASE}/providers/github-repos-meridian/marks`);
  });

  it('has no pages between two cycles (a message, no records)', async () => {
    const { client } = setup(
      ok({
        success: true,
        message: 'No records yet (provider is restarting)',
      }),
    );
    await expect(client.getProviderMarks('p')).resolves.toEqual([]);
  });

  it.each([
    ['triggerNextAction', 'POST', '/trigger'],
    ['startNextCycle', 'POST', '/start'],
    ['cancelIngestion', 'POST', '/cancel'],
  ] as const)(
    '%s sends %s …%s and returns the backend’s message',
    async (name, verb, suffix) => {
      const { client, url, method } = setup(
        ok({ success: true, message: 'p: done.' }),
      );
      await expect(client[name]('github-repos-meridian')).resolves.toEqual({
        message: 'p: done.',
      });
      expect(url()).toBe(`${BASE}/providers/github-repos-meridian${suffix}`);
      expect(method()).toBe(verb);
    },
  );

  it('resets with DELETE on the provider and returns what was deleted', async () => {
    const { client, url, method } = setup(
      ok({
        provider: 'github-repos-meridian',
        ingestionsDeleted: 2,
        marksDeleted: 40,
        markEntitiesDeleted: 4000,
      }),
    );
    await expect(
      client.resetProvider('github-repos-meridian'),
    ).resolves.toEqual({
      provider: 'github-repos-meridian',
      ingestionsDeleted: 2,
      marksDeleted: 40,
      markEntitiesDeleted: 4000,
    });
    expect(url()).toBe(`${BASE}/providers/github-repos-meridian`);
    expect(method()).toBe('DELETE');
  });

  it('throws refusals with the backend’s message and status', async () => {
    const { client } = setup(
      backstageError(403, 'NotAllowedError', 'Unauthorized'),
    );
    const error = await client.cancelIngestion('p').catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(statusOf(error)).toBe(403);
    expect(describeError(error)).toEqual({
      message: 'Unauthorized',
      detail: '403 NotAllowedError',
      status: 403,
    });
  });

  it('throws the database error of a missing table as a 500', async () => {
    const { client } = setup(
      backstageError(
        500,
        'error',
        'select distinct "provider_name" from "ingestions" - relation "ingestions" does not exist',
      ),
    );
    const error = await client.listProviders().catch(e => e);
    expect(statusOf(error)).toBe(500);
    expect(describeError(error).message).toBe(
      'select distinct "provider_name" from "ingestions" - relation "ingestions" does not exist',
    );
  });

  it('takes the message out of the router’s own 404 bodies', async () => {
    const status = setup(
      routerNotFound({
        success: false,
        status: {},
        last_error: "Provider 'nope' not found",
      }),
    );
    const error = await status.client.getProviderStatus('nope').catch(e => e);
    expect(describeError(error)).toEqual({
      message: "Provider 'nope' not found",
      detail: '404 Not Found',
      status: 404,
    });

    const trigger = setup(
      routerNotFound({ success: false, message: "Provider 'nope' not found" }),
    );
    const refused = await trigger.client
      .triggerNextAction('nope')
      .catch(e => e);
    expect(describeError(refused).message).toBe("Provider 'nope' not found");
  });

  it('shows a body that is no JSON as text', async () => {
    const { client } = setup(
      () =>
        new Response('Bad gateway', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/plain' },
        }),
    );
    const error = await client.listProviders().catch(e => e);
    expect(describeError(error)).toEqual({
      message: 'Bad gateway',
      detail: '502 Bad Gateway',
      status: 502,
    });
  });

  it('passes network errors on as they are', async () => {
    const fetch = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const client = new CatalogIngestionClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://backend' }),
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    });
    const error = await client.getHealth().catch(e => e);
    expect(describeError(error)).toEqual({ message: 'Failed to fetch' });
    expect(statusOf(error)).toBeUndefined();
  });
});
