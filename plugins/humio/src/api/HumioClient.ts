import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginBackend } from '@internal/backstage-plugin-portal-react';
import type {
  EntityLogsRequest,
  EntityLogsResponse,
  HumioApi,
  HumioEntityName,
  HumioStatusResponse,
} from './HumioApi';

/** Talks to the humio backend plugin over HTTP. */
export class HumioClient implements HumioApi {
  private readonly backend: PluginBackend;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new PluginBackend({ ...options, pluginId: 'humio' });
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
    return this.backend.get(`/entities/${path}/logs?${params}`);
  }

  async getStatus(): Promise<HumioStatusResponse> {
    return this.backend.get('/status');
  }
}
