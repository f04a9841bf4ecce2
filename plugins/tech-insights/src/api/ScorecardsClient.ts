import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  PluginBackend,
  queryString,
} from '@internal/backstage-plugin-portal-react';
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

function exportPath(request: { group?: string }): string {
  return `/scorecards/export.csv${queryString({ group: request.group })}`;
}

/** Talks to the tech-insights backend's scorecards over HTTP. */
export class ScorecardsClient implements ScorecardsApi {
  private readonly backend: PluginBackend;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new PluginBackend({ ...options, pluginId: 'tech-insights' });
  }

  async listTracks(): Promise<ScorecardTrack[]> {
    const body = await this.backend.get<{ items: ScorecardTrack[] }>(
      '/scorecards/tracks',
    );
    return body.items;
  }

  async getEntityScorecard(entityRef: string): Promise<EntityScorecard> {
    return this.backend.get(`/scorecards/entities${entityPath(entityRef)}`);
  }

  async rerunEntity(entityRef: string): Promise<RerunResult> {
    return this.backend.post(
      `/scorecards/entities${entityPath(entityRef)}/run`,
    );
  }

  async getEntityHistory(entityRef: string): Promise<EntityHistory> {
    return this.backend.get(
      `/scorecards/entities${entityPath(entityRef)}/history`,
    );
  }

  async listExemptions(entityRef: string): Promise<Exemption[]> {
    const body = await this.backend.get<{ items: Exemption[] }>(
      '/scorecards/exemptions',
      { entityRef },
    );
    return body.items;
  }

  async createExemption(request: CreateExemptionRequest): Promise<Exemption> {
    return this.backend.post('/scorecards/exemptions', request);
  }

  async revokeExemption(id: string): Promise<Exemption> {
    return this.backend.post(
      `/scorecards/exemptions/${encodeURIComponent(id)}/revoke`,
    );
  }

  async getMatrix(): Promise<ScorecardMatrix> {
    return this.backend.get('/scorecards/matrix');
  }

  async getGroupScorecard(groupRef: string): Promise<GroupScorecard> {
    return this.backend.get(`/scorecards/groups${groupPath(groupRef)}`);
  }

  async getTrend(request: TrendRequest): Promise<GroupTrend> {
    return this.backend.get('/scorecards/trends', {
      group: request.group,
      track: request.track,
      days: request.days ?? 90,
    });
  }

  async getExportUrl(request: { group?: string } = {}): Promise<string> {
    return `${await this.backend.baseUrl()}${exportPath(request)}`;
  }

  async exportCsv(request: { group?: string } = {}): Promise<Blob> {
    const response = await this.backend.fetch(exportPath(request), {
      headers: { accept: 'text/csv' },
    });
    return response.blob();
  }

  async evaluateAll(): Promise<EvaluationSummary> {
    return this.backend.post('/scorecards/evaluate');
  }
}
