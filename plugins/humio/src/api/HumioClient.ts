import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityLogsRequest,
  EntityLogsResponse,
  HumioApi,
  HumioEntityName,
  HumioStatusResponse,
} from './HumioApi';

/** Talks to the humio backend plugin over HTTP. */
export class HumioClient implements HumioApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityLogs(
    entity: HumioEntityName,
    request: EntityLogsRequest,
  ): Promise<EntityLogsResponse> {
    const params = new URLSearchParams({ range: request.range });
    if (request.limit !== undefined) params.set('limit', String(request.limit));
    if (request.filter?.trim()) params.set('filter', request.filter.trim());
    const path = [entity.namespace, entity.kind, entity.name]
      .map(encodeURIComponent)
      .join('/');
    return this.get(`/entities/${path}/logs?${params}`);
  }

  async getStatus(): Promise<HumioStatusResponse> {
    return this.get('/status');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('humio');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
