import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  CreateExemptionRequest,
  EntityHistory,
  EntityScorecard,
  EvaluationSummary,
  Exemption,
  GroupScorecard,
  GroupTrend,
  RerunResult,
  ScorecardMatrix,
  ScorecardTrack,
  ScorecardsApi,
  TrendRequest,
} from './ScorecardsApi';

type Params = Record<string, string | number | undefined>;

/** `/default/component/payments-api` of `component:default/payments-api`. */
function entityPath(entityRef: string): string {
  const ref = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return [
    ref.namespace.toLocaleLowerCase('en-US'),
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
  ]
    .map(encodeURIComponent)
    .map(part => `/${part}`)
    .join('');
}

/** `/default/squad-aura` of `group:default/squad-aura`. */
function groupPath(groupRef: string): string {
  const ref = parseEntityRef(groupRef, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  return `/${encodeURIComponent(
    ref.namespace.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.name)}`;
}

function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Talks to the tech-insights backend's scorecards over HTTP. */
export class ScorecardsClient implements ScorecardsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listTracks(): Promise<ScorecardTrack[]> {
    const body = await this.request<{ items: ScorecardTrack[] }>(
      '/scorecards/tracks',
    );
    return body.items;
  }

  async getEntityScorecard(entityRef: string): Promise<EntityScorecard> {
    return this.request(`/scorecards/entities${entityPath(entityRef)}`);
  }

  async rerunEntity(entityRef: string): Promise<RerunResult> {
    return this.request(`/scorecards/entities${entityPath(entityRef)}/run`, {
      method: 'POST',
    });
  }

  async getEntityHistory(entityRef: string): Promise<EntityHistory> {
    return this.request(`/scorecards/entities${entityPath(entityRef)}/history`);
  }

  async listExemptions(entityRef: string): Promise<Exemption[]> {
    const body = await this.request<{ items: Exemption[] }>(
      `/scorecards/exemptions${queryString({ entityRef })}`,
    );
    return body.items;
  }

  async createExemption(request: CreateExemptionRequest): Promise<Exemption> {
    return this.request('/scorecards/exemptions', {
      method: 'POST',
      body: request,
    });
  }

  async revokeExemption(id: string): Promise<Exemption> {
    return this.request(
      `/scorecards/exemptions/${encodeURIComponent(id)}/revoke`,
      { method: 'POST' },
    );
  }

  async getMatrix(): Promise<ScorecardMatrix> {
    return this.request('/scorecards/matrix');
  }

  async getGroupScorecard(groupRef: string): Promise<GroupScorecard> {
    return this.request(`/scorecards/groups${groupPath(groupRef)}`);
  }

  async getTrend(request: TrendRequest): Promise<GroupTrend> {
    return this.request(
      `/scorecards/trends${queryString({
        group: request.group,
        track: request.track,
        days: request.days ?? 90,
      })}`,
    );
  }

  async getExportUrl(request: { group?: string } = {}): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('tech-insights');
    return `${baseUrl}/scorecards/export.csv${queryString({
      group: request.group,
    })}`;
  }

  async exportCsv(request: { group?: string } = {}): Promise<Blob> {
    const response = await this.fetchApi.fetch(
      await this.getExportUrl(request),
      { headers: { accept: 'text/csv' } },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.blob();
  }

  async evaluateAll(): Promise<EvaluationSummary> {
    return this.request('/scorecards/evaluate', { method: 'POST' });
  }

  /** Errors carry the backend's own message (see `describeError`). */
  private async request<T>(
    path: string,
    options: { method?: 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('tech-insights');
    const init: RequestInit | undefined = options.method
      ? {
          method: options.method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(options.body ?? {}),
        }
      : undefined;
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
