import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AuditEntry,
  DeadLetterCount,
  DeadLetterFailureGroup,
  DeadLetterMessage,
  DeadLetterState,
  DeadLetterSummary,
} from '@internal/backstage-plugin-dead-letter-common';

export type {
  AuditAction,
  AuditEntry,
  AuditOutcome,
  DeadLetterCount,
} from '@internal/backstage-plugin-dead-letter-common';

/** Messages that failed the same way (same queue, reason and types). */
export type FailureGroup = DeadLetterFailureGroup;

/** Connection of the portal to one environment's RabbitMQ broker. */
export type BrokerConnectionState =
  | 'connecting'
  | 'connected'
  | 'disconnected'
  | 'stopped';

/** How the portal's connection to one environment's broker is doing. */
export type BrokerConnectionStatus = {
  environment: string;
  state: BrokerConnectionState;
  /** When the connection entered `state`. */
  since: string;
  lastError?: string;
};

/** How capturing from one dead-letter queue is doing. */
export type CaptureQueueStatus = {
  environment: string;
  queue: string;
  active: boolean;
  /** Messages captured since the backend started. */
  captured: number;
  lastCapturedAt?: string;
  lastError?: string;
};

/** One environment (broker) the backend captures dead letters from. */
export type DeadLetterEnvironment = {
  name: string;
  connection: BrokerConnectionStatus;
  queues: CaptureQueueStatus[];
};

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

/** A page of messages, newest first. */
export type ListMessagesResponse = {
  items: DeadLetterSummary[];
  /** Present when there may be more messages. */
  nextCursor?: string;
  /** Messages matching the filters; only on the first page. */
  totalEstimate?: number;
};

/** What the backend did with a discard or restore. */
export type MessageActionResult = {
  /** Messages asked for. */
  requested: number;
  /** Messages whose state changed (others were not in the state to change from). */
  affected: number;
};

/** A page of the audit log, newest first. */
export type ListAuditResponse = {
  items: AuditEntry[];
  /** Present when there may be more entries. */
  nextCursor?: string;
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
}

/** The {@link DeadLetterApi}. */
export const deadLetterApiRef = createApiRef<DeadLetterApi>().with({
  id: 'plugin.dead-letter.api',
  pluginId: 'dead-letter',
});
