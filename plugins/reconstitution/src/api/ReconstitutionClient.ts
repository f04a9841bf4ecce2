import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginBackend } from '@internal/backstage-plugin-portal-react';
import type {
  ArchivedProducer,
  DryRunRequest,
  DryRunResult,
  ListJobsRequest,
  ListJobsResponse,
  ReconstitutionApi,
  ReconstitutionArchiveStatus,
  ReconstitutionJob,
  ReconstitutionJobDetail,
  ReconstitutionJobRequest,
  ReconstitutionReceiver,
} from './ReconstitutionApi';

/** Talks to the reconstitution backend plugin over HTTP. */
export class ReconstitutionClient implements ReconstitutionApi {
  private readonly backend: PluginBackend;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new PluginBackend({
      ...options,
      pluginId: 'reconstitution',
    });
  }

  async getArchiveStatus(): Promise<ReconstitutionArchiveStatus[]> {
    const body = await this.backend.get<{
      items: ReconstitutionArchiveStatus[];
    }>('/archive');
    return body.items;
  }

  async listProducers(
    request: { environment?: string } = {},
  ): Promise<ArchivedProducer[]> {
    const body = await this.backend.get<{ items: ArchivedProducer[] }>(
      '/producers',
      {
        environment: request.environment,
      },
    );
    return body.items;
  }

  async listReceivers(): Promise<ReconstitutionReceiver[]> {
    const body = await this.backend.get<{ items: ReconstitutionReceiver[] }>(
      '/receivers',
    );
    return body.items;
  }

  async dryRun(request: DryRunRequest): Promise<DryRunResult> {
    return this.backend.post<DryRunResult>('/dry-run', request);
  }

  async createJob(
    request: ReconstitutionJobRequest,
  ): Promise<ReconstitutionJob> {
    const body = await this.backend.post<{ job: ReconstitutionJob }>(
      '/jobs',
      request,
    );
    return body.job;
  }

  async listJobs(request: ListJobsRequest = {}): Promise<ListJobsResponse> {
    return this.backend.get<ListJobsResponse>('/jobs', {
      state: request.states,
      environment: request.environment,
      receiver: request.receiver,
      limit: request.limit,
      cursor: request.cursor,
    });
  }

  async getJob(id: string): Promise<ReconstitutionJobDetail> {
    return this.backend.get<ReconstitutionJobDetail>(
      `/jobs/${encodeURIComponent(id)}`,
    );
  }

  async cancelJob(id: string): Promise<ReconstitutionJob> {
    const body = await this.backend.post<{ job: ReconstitutionJob }>(
      `/jobs/${encodeURIComponent(id)}/cancel`,
      {},
    );
    return body.job;
  }

  async approveJob(id: string): Promise<ReconstitutionJob> {
    const body = await this.backend.post<{ job: ReconstitutionJob }>(
      `/jobs/${encodeURIComponent(id)}/approve`,
      {},
    );
    return body.job;
  }

  async refuseJob(id: string, reason: string): Promise<ReconstitutionJob> {
    const body = await this.backend.post<{ job: ReconstitutionJob }>(
      `/jobs/${encodeURIComponent(id)}/refuse`,
      { reason },
    );
    return body.job;
  }
}
