import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** Query parameters; a list repeats the parameter. @public */
export type QueryParams = Record<
  string,
  string | string[] | number | undefined
>;

/**
 * `?state=running&state=pending&limit=50`: undefined and empty values are
 * left out (a list keeps its empty items); '' when nothing is left.
 *
 * @public
 */
export function queryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Requests to one backend plugin, as every API client of the portal sends
 * them: under the plugin's base URL, through the app's fetch (which signs
 * them), JSON in and out. A failed request throws a `ResponseError`, whose
 * backend message `describeError` shows.
 *
 * @public
 */
export class PluginBackend {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly pluginId: string;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    pluginId: string;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.pluginId = options.pluginId;
  }

  /** The backend plugin's base URL, e.g. for a download link. */
  async baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl(this.pluginId);
  }

  /** `GET path?params`, answering JSON. */
  async get<T>(path: string, params: QueryParams = {}): Promise<T> {
    return this.send<T>(`${path}${queryString(params)}`);
  }

  /** `POST path` with a JSON body, answering JSON. */
  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.send<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Any request, answering JSON. */
  async send<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  /** Any request; the response when it is ok, else a `ResponseError`. */
  async fetch(path: string, init?: RequestInit): Promise<Response> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
