import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * An API client on a recorded fetch that answers with `response()`; the
 * backend plugins are at `http://backend/api/<plugin id>`.
 *
 * @public
 */
export function setupClient<C>(
  create: (apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) => C,
  response: () => Response,
) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response(),
  );
  const client = create({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) => `http://backend/api/${pluginId}`,
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  const last = () => fetch.mock.calls[fetch.mock.calls.length - 1];
  /** The last request's URL as given to fetch. */
  const href = () => String(last()[0]);
  const url = () => new URL(href());
  const init = () => last()[1] as RequestInit | undefined;
  const method = () => init()?.method ?? 'GET';
  return { client, fetch, href, url, init, method };
}

/** A JSON answer. @public */
export const jsonResponse =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });

/**
 * An error answer without Backstage's `response` part, which the client can
 * only read as text.
 *
 * @public
 */
export const errorResponse =
  (status: number, name: string, message: string) => () =>
    new Response(JSON.stringify({ error: { name, message } }), {
      status,
      statusText: status === 400 ? 'Bad Request' : 'Error',
      headers: JSON_HEADERS,
    });
