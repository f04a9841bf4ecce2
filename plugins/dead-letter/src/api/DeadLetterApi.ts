import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ApprovalState,
  CreateReplayRequest,
  DeadLetterApproval,
  DeadLetterCount,
  DeadLetterEnvironment,
  DeadLetterFailureGroup,
  DeadLetterMessage,
  DeadLetterQueueConflict,
  DeadLetterState,
  ListAuditResponse,
  ListMessagesResponse,
  MessageActionResult,
  ReplayJob,
  ReplayJobDetail,
  ReplayTargetsResponse,
} from '@internal/backstage-plugin-dead-letter-common';

/** Messages that failed the same way (same queue, reason and types). */
export type FailureGroup = DeadLetterFailureGroup;

/** Filters and page of {@link DeadLetterApi.listMessages}. */
export type ListMessagesRequest = {
  environment?: string;
  /** Undefined: any state. */
  states?: DeadLetterState[];
  /** Entity refs of owners. */
  owners?: string[];
  /**
   * Also (with `owners`) or only (without `owners`) messages nobody owns.
   */
  unowned?: boolean;
  /** Entity ref of the component whose queue the message died in. */
  component?: string;
  /** Exact name of the source queue. */
  queue?: string;
  /** Exact reason. */
  reason?: string;
  /** Failure group fingerprint. */
  group?: string;
  /** Case-insensitive text in the body, headers or message id. */
  q?: string;
  /** ISO 8601 date-time: captured at or after. */
  from?: string;
  /** ISO 8601 date-time: captured before. */
  to?: string;
  /** 1..500, 50 when not given. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
};

/** A replay asked for: a job started now, or a request awaiting approval. */
export type ReplayRequestResult =
  | { job: ReplayJob; approval?: undefined }
  | { job?: undefined; approval: DeadLetterApproval };

/** Filters of {@link DeadLetterApi.listApprovals}. */
export type ListApprovalsRequest = {
  environment?: string;
  state?: ApprovalState;
  /** 1..200, 50 when not given. */
  limit?: number;
};

/** Reads and handles dead-lettered messages through the dead-letter backend. */
export interface DeadLetterApi {
  getEnvironments(): Promise<DeadLetterEnvironment[]>;
  listMessages(request: ListMessagesRequest): Promise<ListMessagesResponse>;
  getMessage(id: string): Promise<DeadLetterMessage>;
  getCounts(request?: {
    owners?: string[];
    states?: DeadLetterState[];
  }): Promise<DeadLetterCount[]>;
  getGroups(request: {
    environment: string;
    owners?: string[];
    states?: DeadLetterState[];
  }): Promise<FailureGroup[]>;
  /**
   * Unresolved → discarded. All or nothing: fails (403) when the user may not
   * discard any one of them.
   */
  discard(ids: string[]): Promise<MessageActionResult>;
  /** Discarded → unresolved; same rules as {@link DeadLetterApi.discard}. */
  restore(ids: string[]): Promise<MessageActionResult>;
  /** The audit log, newest first. `limit` 1..200 (50 when not given). */
  listAudit(request?: {
    limit?: number;
    cursor?: string;
  }): Promise<ListAuditResponse>;
  /**
   * Starts a replay job of unresolved messages, chosen by id or by filter,
   * or (four eyes, large production replays) records it as a request
   * awaiting approval. All or nothing: fails (403) when the user may not
   * replay any one of them.
   */
  createReplay(request: CreateReplayRequest): Promise<ReplayRequestResult>;
  /** Replay jobs, newest first. `limit` 1..200 (50 when not given). */
  listReplays(request?: {
    environment?: string;
    limit?: number;
  }): Promise<ReplayJob[]>;
  /** A job and up to 500 of its items, failed ones first. */
  getReplay(id: string): Promise<ReplayJobDetail>;
  /**
   * Stops a pending or running job; its unpublished messages become
   * unresolved again. Fails (409) when the job has already ended.
   */
  cancelReplay(id: string): Promise<ReplayJob>;
  /**
   * The queues the user may replay into in an environment (registered to
   * their squads' components), and whether any queue may be named.
   */
  getReplayTargets(environment: string): Promise<ReplayTargetsResponse>;
  /** Claims on queues registered to another component (rejected). */
  getQueueConflicts(): Promise<DeadLetterQueueConflict[]>;
  /**
   * Four-eyes requests (replays and discards held for a second person),
   * newest first, each saying whether the caller may decide it.
   */
  listApprovals(request?: ListApprovalsRequest): Promise<DeadLetterApproval[]>;
  /** Approves a request: it runs exactly as asked. Never the requester's. */
  approveRequest(id: string): Promise<DeadLetterApproval>;
  /** Refuses a request, saying why; its messages are free again. */
  refuseRequest(id: string, reason: string): Promise<DeadLetterApproval>;
}

/** The {@link DeadLetterApi}. */
export const deadLetterApiRef = createApiRef<DeadLetterApi>().with({
  id: 'plugin.dead-letter.api',
  pluginId: 'dead-letter',
});
