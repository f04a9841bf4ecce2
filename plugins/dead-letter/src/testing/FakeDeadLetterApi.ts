import type {
  CreateReplayRequest,
  DeadLetterApproval,
  DeadLetterFilter,
  DeadLetterMessage,
  DeadLetterQueueConflict,
  DeadLetterState,
  ReplayJob,
  ReplayJobDetail,
  ReplayJobItem,
  ReplayTargetsResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import type {
  AuditEntry,
  DeadLetterApi,
  DeadLetterCount,
  DeadLetterEnvironment,
  FailureGroup,
  ListApprovalsRequest,
  ListMessagesRequest,
  ListAuditResponse,
  ListMessagesResponse,
  MessageActionResult,
  ReplayRequestResult,
} from '../api';
import {
  backendError,
  defaultEnvironments,
  makeApproval,
  makeReplayJob,
  summaryOf,
} from './factories';
import { matchesNarrowing } from './matching';

// Tests and the dev app import the factories with the fake.
export {
  backendError,
  base64,
  makeApproval,
  makeAuditEntry,
  makeGroup,
  makeMessage,
  makeReplayJob,
  uuid,
} from './factories';

/**
 * An in-memory {@link DeadLetterApi} for tests and the dev app. It records
 * the requests it gets and filters like the backend does (roughly).
 */
export class FakeDeadLetterApi implements DeadLetterApi {
  messages: DeadLetterMessage[];
  environments: DeadLetterEnvironment[];
  groups: FailureGroup[];
  counts: DeadLetterCount[];
  /** Audit log entries, newest first. */
  audit: AuditEntry[];
  /** When set, every call fails with it. */
  error?: Error;
  /** When set, `discard` and `restore` fail with it (and change nothing). */
  actionError?: Error;
  /** The discards and restores asked for, in order. */
  readonly actionRequests: Array<{
    action: 'discard' | 'restore';
    ids: string[];
  }> = [];
  readonly auditRequests: Array<{ limit?: number; cursor?: string }> = [];
  /** Replay jobs, newest first. */
  replayJobs: ReplayJob[];
  /** Items of the replay jobs, by job id. */
  replayItems: Record<string, ReplayJobItem[]> = {};
  /** When set, `createReplay` fails with it (and changes nothing). */
  replayError?: Error;
  /** When set, `cancelReplay` fails with it. */
  cancelError?: Error;
  /** What `getReplayTargets` answers (default: any queue, as the platform team). */
  replayTargets: ReplayTargetsResponse = { items: [], anyQueue: true };
  readonly replayTargetRequests: string[] = [];
  /** What `getQueueConflicts` answers. */
  queueConflicts: DeadLetterQueueConflict[] = [];
  /** The replays asked for, in order. */
  readonly replayRequests: CreateReplayRequest[] = [];
  /**
   * Four eyes: per environment, the size from which a replay or discard is
   * recorded as a request awaiting approval (like the backend's prod: 100).
   */
  approvalMinMessages: Record<string, number> = {};
  /** Four-eyes requests, newest first. */
  approvals: DeadLetterApproval[] = [];
  /** When set, `approveRequest` and `refuseRequest` fail with it. */
  decideError?: Error;
  /** Who the fake says asked and decided. */
  requester = 'user:default/jane.doe';
  decider = 'user:default/john.roe';
  readonly listApprovalsRequests: ListApprovalsRequest[] = [];
  readonly decideRequests: Array<{
    id: string;
    decision: 'approve' | 'refuse';
    reason?: string;
  }> = [];
  readonly listReplaysRequests: Array<{
    environment?: string;
    limit?: number;
  }> = [];
  readonly getReplayRequests: string[] = [];
  readonly cancelRequests: string[] = [];
  /** The requests `listMessages` got, in order. */
  readonly listRequests: ListMessagesRequest[] = [];
  readonly countRequests: Array<{
    owners?: string[];
    states?: DeadLetterState[];
  }> = [];
  readonly groupRequests: Array<{
    environment: string;
    owners?: string[];
    states?: DeadLetterState[];
  }> = [];

  constructor(
    options: {
      messages?: DeadLetterMessage[];
      environments?: DeadLetterEnvironment[];
      groups?: FailureGroup[];
      counts?: DeadLetterCount[];
      audit?: AuditEntry[];
      replayJobs?: ReplayJob[];
      error?: Error;
    } = {},
  ) {
    this.messages = options.messages ?? [];
    this.environments = options.environments ?? defaultEnvironments();
    this.groups = options.groups ?? [];
    this.counts = options.counts ?? [];
    this.audit = options.audit ?? [];
    this.replayJobs = options.replayJobs ?? [];
    this.error = options.error;
  }

  private async check() {
    if (this.error) {
      throw this.error;
    }
  }

  async getEnvironments(): Promise<DeadLetterEnvironment[]> {
    await this.check();
    return this.environments;
  }

  async listMessages(
    request: ListMessagesRequest,
  ): Promise<ListMessagesResponse> {
    this.listRequests.push(request);
    await this.check();
    const matching = this.messages
      .filter(
        m =>
          (!request.environment || m.environment === request.environment) &&
          (!request.states || request.states.includes(m.state)) &&
          matchesNarrowing(m, request),
      )
      .sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
    const start = request.cursor ? Number(request.cursor) : 0;
    const limit = request.limit ?? 50;
    const page = matching.slice(start, start + limit);
    return {
      items: page.map(summaryOf),
      nextCursor:
        start + limit < matching.length ? String(start + limit) : undefined,
      totalEstimate: request.cursor ? undefined : matching.length,
    };
  }

  async getMessage(id: string): Promise<DeadLetterMessage> {
    await this.check();
    const message = this.messages.find(m => m.id === id);
    if (!message) {
      throw new Error(`No dead letter with id ${id}`);
    }
    return message;
  }

  async getCounts(
    request: { owners?: string[]; states?: DeadLetterState[] } = {},
  ): Promise<DeadLetterCount[]> {
    this.countRequests.push(request);
    await this.check();
    return this.counts;
  }

  async getGroups(request: {
    environment: string;
    owners?: string[];
    states?: DeadLetterState[];
  }): Promise<FailureGroup[]> {
    this.groupRequests.push(request);
    await this.check();
    return this.groups.filter(g => g.environment === request.environment);
  }

  async discard(ids: string[]): Promise<MessageActionResult> {
    return this.act('discard', ids, 'unresolved', 'discarded');
  }

  async restore(ids: string[]): Promise<MessageActionResult> {
    return this.act('restore', ids, 'discarded', 'unresolved');
  }

  async listAudit(
    request: { limit?: number; cursor?: string } = {},
  ): Promise<ListAuditResponse> {
    this.auditRequests.push(request);
    await this.check();
    const start = request.cursor ? Number(request.cursor) : 0;
    const limit = request.limit ?? 50;
    return {
      items: this.audit.slice(start, start + limit),
      nextCursor:
        start + limit < this.audit.length ? String(start + limit) : undefined,
    };
  }

  async createReplay(
    request: CreateReplayRequest,
  ): Promise<ReplayRequestResult> {
    this.replayRequests.push(request);
    await this.check();
    if (this.replayError) {
      throw this.replayError;
    }
    const chosen = request.filter
      ? this.messages.filter(m => this.matchesFilter(m, request.filter!))
      : this.messages.filter(
          m => request.ids?.includes(m.id) && m.state === 'unresolved',
        );
    const environment =
      request.filter?.environment ?? chosen[0]?.environment ?? 'prod';
    if (this.needsApproval(environment, chosen.length)) {
      return {
        approval: this.hold('replay', environment, chosen, {
          target: request.target ?? { kind: 'original' },
          filter: request.filter,
          ratePerSecond: request.ratePerSecond,
        }),
      };
    }
    return { job: this.startReplay(request, chosen) };
  }

  private startReplay(
    request: CreateReplayRequest,
    chosen: DeadLetterMessage[],
  ): ReplayJob {
    const id = `job-${this.replayJobs.length + 1}`;
    const job = makeReplayJob({
      id,
      environment:
        request.filter?.environment ?? chosen[0]?.environment ?? 'prod',
      createdAt: new Date().toISOString(),
      target: request.target ?? { kind: 'original' },
      filter: request.filter,
      ratePerSecond: request.ratePerSecond,
      state: 'pending',
      total: chosen.length,
    });
    this.replayJobs = [job, ...this.replayJobs];
    this.replayItems[id] = chosen.map(m => ({
      messageId: m.id,
      status: 'pending',
    }));
    const ids = new Set(chosen.map(m => m.id));
    this.messages = this.messages.map(m =>
      ids.has(m.id) ? { ...m, state: 'replaying', replayJobId: id } : m,
    );
    return job;
  }

  async listApprovals(
    request: ListApprovalsRequest = {},
  ): Promise<DeadLetterApproval[]> {
    this.listApprovalsRequests.push(request);
    await this.check();
    return this.approvals
      .filter(
        a =>
          (!request.environment || a.environment === request.environment) &&
          (!request.state || a.state === request.state),
      )
      .slice(0, request.limit ?? 50);
  }

  async approveRequest(id: string): Promise<DeadLetterApproval> {
    this.decideRequests.push({ id, decision: 'approve' });
    return this.decide(id, { state: 'approved' });
  }

  async refuseRequest(id: string, reason: string): Promise<DeadLetterApproval> {
    this.decideRequests.push({ id, decision: 'refuse', reason });
    return this.decide(id, { state: 'refused', reason });
  }

  private async decide(
    id: string,
    change: Partial<DeadLetterApproval>,
  ): Promise<DeadLetterApproval> {
    await this.check();
    if (this.decideError) throw this.decideError;
    const current = this.approvals.find(a => a.id === id);
    if (!current) {
      throw await backendError(
        404,
        'NotFoundError',
        `No approval request with id ${id}`,
      );
    }
    if (current.state !== 'awaiting-approval') {
      throw await backendError(
        409,
        'ConflictError',
        `This request does not await approval (it is ${current.state})`,
      );
    }
    const decided: DeadLetterApproval = {
      ...current,
      ...change,
      decidedBy: this.decider,
      decidedAt: new Date().toISOString(),
      canDecide: false,
    };
    this.approvals = this.approvals.map(a => (a.id === id ? decided : a));
    return decided;
  }

  private needsApproval(environment: string, count: number): boolean {
    const min = this.approvalMinMessages[environment];
    return min !== undefined && count >= min;
  }

  /** Records a request awaiting approval; its messages stay as they are. */
  private hold(
    action: 'replay' | 'discard',
    environment: string,
    chosen: DeadLetterMessage[],
    extra: Partial<DeadLetterApproval> = {},
  ): DeadLetterApproval {
    const owners = [
      ...new Set(chosen.flatMap(m => (m.ownerRef ? [m.ownerRef] : []))),
    ];
    const approval = makeApproval({
      id: `request-${this.approvals.length + 1}`,
      action,
      environment,
      requestedBy: this.requester,
      requestedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
      messageCount: chosen.length,
      ownerRefs: owners,
      target: undefined,
      canDecide: false,
      ...extra,
    });
    this.approvals = [approval, ...this.approvals];
    return approval;
  }

  async listReplays(
    request: { environment?: string; limit?: number } = {},
  ): Promise<ReplayJob[]> {
    this.listReplaysRequests.push(request);
    await this.check();
    return this.replayJobs
      .filter(
        job => !request.environment || job.environment === request.environment,
      )
      .slice(0, request.limit ?? 50);
  }

  async getReplay(id: string): Promise<ReplayJobDetail> {
    this.getReplayRequests.push(id);
    await this.check();
    const job = await this.findJob(id);
    const rank = (item: ReplayJobItem) => (item.status === 'failed' ? 0 : 1);
    const items = [...(this.replayItems[id] ?? [])].sort(
      (a, b) => rank(a) - rank(b),
    );
    return {
      job,
      items: items.slice(0, 500),
      itemsTruncated: items.length > 500,
    };
  }

  private async findJob(id: string): Promise<ReplayJob> {
    const job = this.replayJobs.find(j => j.id === id);
    if (!job) {
      throw await backendError(
        404,
        'NotFoundError',
        `No replay job with id ${id}`,
      );
    }
    return job;
  }

  async getReplayTargets(environment: string): Promise<ReplayTargetsResponse> {
    this.replayTargetRequests.push(environment);
    await this.check();
    return this.replayTargets;
  }

  async getQueueConflicts(): Promise<DeadLetterQueueConflict[]> {
    await this.check();
    return this.queueConflicts;
  }

  async cancelReplay(id: string): Promise<ReplayJob> {
    this.cancelRequests.push(id);
    await this.check();
    if (this.cancelError) {
      throw this.cancelError;
    }
    const job = await this.findJob(id);
    if (job.state !== 'pending' && job.state !== 'running') {
      throw await backendError(
        409,
        'ConflictError',
        `Replay job ${id} has already ended`,
      );
    }
    const cancelled: ReplayJob = {
      ...job,
      state: 'cancelled',
      reason: 'Cancelled by user:default/jane.doe',
      finishedAt: new Date().toISOString(),
    };
    this.replayJobs = this.replayJobs.map(j => (j.id === id ? cancelled : j));
    return cancelled;
  }

  /** The unresolved messages a replay filter takes. */
  private matchesFilter(m: DeadLetterMessage, filter: DeadLetterFilter) {
    return (
      m.state === 'unresolved' &&
      m.environment === filter.environment &&
      matchesNarrowing(m, filter)
    );
  }

  private async act(
    action: 'discard' | 'restore',
    ids: string[],
    from: DeadLetterState,
    to: DeadLetterState,
  ): Promise<MessageActionResult> {
    this.actionRequests.push({ action, ids });
    await this.check();
    if (this.actionError) {
      throw this.actionError;
    }
    const chosen = this.messages.filter(
      m => ids.includes(m.id) && m.state === from,
    );
    const environment = chosen[0]?.environment ?? 'prod';
    if (action === 'discard' && this.needsApproval(environment, ids.length)) {
      return {
        requested: ids.length,
        affected: 0,
        approval: this.hold('discard', environment, chosen),
      };
    }
    let affected = 0;
    this.messages = this.messages.map(message => {
      if (ids.includes(message.id) && message.state === from) {
        affected += 1;
        return { ...message, state: to };
      }
      return message;
    });
    return { requested: ids.length, affected };
  }
}
