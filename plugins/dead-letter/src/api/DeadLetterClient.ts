import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginBackend } from '@internal/backstage-plugin-portal-react';
import type {
  ApprovalDecisionResponse,
  CancelReplayResponse,
  CreateReplayRequest,
  CreateReplayResponse,
  DeadLetterApproval,
  DeadLetterCount,
  DeadLetterEnvironment,
  DeadLetterMessage,
  DeadLetterQueueConflict,
  DeadLetterState,
  EnvironmentsResponse,
  ItemsResponse,
  ListAuditResponse,
  ListMessagesResponse,
  MessageActionResult,
  ReplayJob,
  ReplayJobDetail,
  ReplayTargetsResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import type {
  DeadLetterApi,
  FailureGroup,
  ListApprovalsRequest,
  ListMessagesRequest,
  ReplayRequestResult,
} from './DeadLetterApi';

/** Talks to the dead-letter backend plugin over HTTP. */
export class DeadLetterClient implements DeadLetterApi {
  private readonly backend: PluginBackend;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new PluginBackend({ ...options, pluginId: 'dead-letter' });
  }

  async getEnvironments(): Promise<DeadLetterEnvironment[]> {
    const body = await this.backend.get<EnvironmentsResponse>('/environments');
    return body.items;
  }

  async listMessages(
    request: ListMessagesRequest,
  ): Promise<ListMessagesResponse> {
    // The backend only filters by owner when `owner` is given; "only unowned"
    // is an owner filter matching no owner plus the unowned ones.
    const owners =
      request.unowned && !request.owners?.length ? [''] : request.owners;
    return this.backend.get<ListMessagesResponse>('/messages', {
      environment: request.environment,
      state: request.states,
      owner: owners,
      unowned: request.unowned ? 'true' : undefined,
      component: request.component,
      queue: request.queue,
      reason: request.reason,
      group: request.group,
      q: request.q,
      from: request.from,
      to: request.to,
      limit: request.limit,
      cursor: request.cursor,
    });
  }

  async getMessage(id: string): Promise<DeadLetterMessage> {
    return this.backend.get<DeadLetterMessage>(
      `/messages/${encodeURIComponent(id)}`,
    );
  }

  async getCounts(
    request: { owners?: string[]; states?: DeadLetterState[] } = {},
  ): Promise<DeadLetterCount[]> {
    const body = await this.backend.get<ItemsResponse<DeadLetterCount>>(
      '/counts',
      {
        owner: request.owners,
        state: request.states,
      },
    );
    return body.items;
  }

  async getGroups(request: {
    environment: string;
    owners?: string[];
    states?: DeadLetterState[];
  }): Promise<FailureGroup[]> {
    const body = await this.backend.get<ItemsResponse<FailureGroup>>(
      '/groups',
      {
        environment: request.environment,
        owner: request.owners,
        state: request.states,
      },
    );
    return body.items;
  }

  async discard(ids: string[]): Promise<MessageActionResult> {
    return this.backend.post<MessageActionResult>('/messages/discard', { ids });
  }

  async restore(ids: string[]): Promise<MessageActionResult> {
    return this.backend.post<MessageActionResult>('/messages/restore', { ids });
  }

  async listAudit(
    request: { limit?: number; cursor?: string } = {},
  ): Promise<ListAuditResponse> {
    return this.backend.get<ListAuditResponse>('/audit', {
      limit: request.limit,
      cursor: request.cursor,
    });
  }

  async createReplay(
    request: CreateReplayRequest,
  ): Promise<ReplayRequestResult> {
    const body = await this.backend.post<CreateReplayResponse>(
      '/replays',
      request,
    );
    if (body.approval) return { approval: body.approval };
    if (body.job) return { job: body.job };
    // Neither: a backend this client does not know; say so, never guess.
    throw new Error(
      'The backend answered the replay with neither a job nor an approval request',
    );
  }

  async listReplays(
    request: { environment?: string; limit?: number } = {},
  ): Promise<ReplayJob[]> {
    const body = await this.backend.get<ItemsResponse<ReplayJob>>('/replays', {
      environment: request.environment,
      limit: request.limit,
    });
    return body.items;
  }

  async getReplay(id: string): Promise<ReplayJobDetail> {
    return this.backend.get<ReplayJobDetail>(
      `/replays/${encodeURIComponent(id)}`,
    );
  }

  async cancelReplay(id: string): Promise<ReplayJob> {
    const body = await this.backend.post<CancelReplayResponse>(
      `/replays/${encodeURIComponent(id)}/cancel`,
      {},
    );
    return body.job;
  }

  async getReplayTargets(environment: string): Promise<ReplayTargetsResponse> {
    return this.backend.get<ReplayTargetsResponse>('/replay-targets', {
      environment,
    });
  }

  async getQueueConflicts(): Promise<DeadLetterQueueConflict[]> {
    const body = await this.backend.get<ItemsResponse<DeadLetterQueueConflict>>(
      '/queue-conflicts',
    );
    return body.items;
  }

  async listApprovals(
    request: ListApprovalsRequest = {},
  ): Promise<DeadLetterApproval[]> {
    const body = await this.backend.get<ItemsResponse<DeadLetterApproval>>(
      '/approvals',
      {
        environment: request.environment,
        state: request.state,
        limit: request.limit,
      },
    );
    return body.items;
  }

  async approveRequest(id: string): Promise<DeadLetterApproval> {
    const body = await this.backend.post<ApprovalDecisionResponse>(
      `/approvals/${encodeURIComponent(id)}/approve`,
      {},
    );
    return body.approval;
  }

  async refuseRequest(id: string, reason: string): Promise<DeadLetterApproval> {
    const body = await this.backend.post<ApprovalDecisionResponse>(
      `/approvals/${encodeURIComponent(id)}/refuse`,
      { reason },
    );
    return body.approval;
  }
}
