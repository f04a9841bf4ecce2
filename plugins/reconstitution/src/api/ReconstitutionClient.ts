import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
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

type Params = Record<string, string | string[] | number | undefined>;

/** Talks to the reconstitution backend plugin over HTTP. */
export class ReconstitutionClient implements ReconstitutionApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getArchiveStatus(): Promise<ReconstitutionArchiveStatus[]> {
    const body = await this.get<{ items: ReconstitutionArchiveStatus[] }>(
      '/archive',
    );
    return body.items;
  }

  async listProducers(
    request: { environment?: string } = {},
  ): Promise<ArchivedProducer[]> {
    const body = await this.get<{ items: ArchivedProducer[] }>('/producers', {
      environment: request.environment,
    });
    return body.items;
  }

  async listReceivers(): Promise<ReconstitutionReceiver[]> {
    const body = await this.get<{ items: ReconstitutionReceiver[] }>(
      '/receivers',
    );
    return body.items;
  }

  async dryRun(request: DryRunRequest): Promise<DryRunResult> {
    return this.post<DryRunResult>('/dry-run', request);
  }

  async createJob(
    request: ReconstitutionJobRequest,
  ): Promise<ReconstitutionJob> {
    const body = await this.post<{ job: ReconstitutionJob }>('/jobs', request);
    return body.job;
  }

  async listJobs(request: ListJobsRequest = {}): Promise<ListJobsResponse> {
    return this.get<ListJobsResponse>('/jobs', {
      state: request.states,
      environment: request.environment,
      receiver: request.receiver,
      limit: request.limit,
      cursor: request.cursor,
    });
  }

  async getJob(id: string): Promise<ReconstitutionJobDetail> {
    return this.get<ReconstitutionJobDetail>(`/jobs/${encodeURIComponent(id)}`);
  }

  async cancelJob(id: string): Promise<ReconstitutionJob> {
    const body = await this.post<{ job: ReconstitutionJob }>(
      `/jobs/${encodeURIComponent(id)}/cancel`,
      {},
    );
    return body.job;
  }

  async approveJob(id: string): Promise<ReconstitutionJob> {
    const body = await this.post<{ job: ReconstitutionJob }>(
      `/jobs/${encodeURIComponent(id)}/approve`,
      {},
    );
    return body.job;
  }

  async refuseJob(id: string, reason: string): Promise<ReconstitutionJob> {
    const body = await this.post<{ job: ReconstitutionJob }>(
      `/jobs/${encodeURIComponent(id)}/refuse`,
      { reason },
    );
    return body.job;
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('reconstitution');
    return this.send<T>(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async get<T>(path: string, params: Params = {}): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('reconstitution');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === '') {
        continue;
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        search.append(key, String(item));
      }
    }
    const query = search.toString();
    return this.send<T>(`${baseUrl}${path}${query ? `?${query}` : ''}`);
  }

  /** Errors carry the backend's own message (see `describeError`). */
  private async send<T>(url: string, init?: RequestInit): Promise<T> {
    const response = await this.fetchApi.fetch(url, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
