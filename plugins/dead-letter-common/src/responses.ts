import type { DeadLetterApproval } from './approvals';
import type { AuditEntry, DeadLetterSummary, ReplayJob } from './types';

/** The body of list endpoints that are not paged (`GET /counts`, `/groups`...). */
export type ItemsResponse<T> = {
  items: T[];
};

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

/** Dead-letter queues found by name through the RabbitMQ management API. */
export type QueueDiscoveryStatus = {
  /** The regular expression queue names are matched with. */
  pattern: string;
  /** Last time the queues could be listed (ISO 8601). */
  lastListedAt?: string;
  /** Why the last listing failed. */
  lastError?: string;
  /** Queues found and captured. */
  queues: string[];
};

/** One environment (broker) the backend captures dead letters from. */
export type DeadLetterEnvironment = {
  name: string;
  connection: BrokerConnectionStatus;
  queues: CaptureQueueStatus[];
  /** Present when queues are also discovered by name pattern. */
  discovery?: QueueDiscoveryStatus;
};

/** `GET /environments`. */
export type EnvironmentsResponse = ItemsResponse<DeadLetterEnvironment>;

/** `GET /messages`: a page of messages, newest first. */
export type ListMessagesResponse = {
  items: DeadLetterSummary[];
  /** Present when there may be more messages. */
  nextCursor?: string;
  /**
   * Messages matching the filters; only on the first page. Counting stops
   * at 10,000 (and, for a text found in many messages, at what the first
   * check saw): then `totalCapped` is set and this is a lower bound.
   */
  totalEstimate?: number;
  /** More than `totalEstimate` messages match ("10,000+"). */
  totalCapped?: boolean;
};

/** `GET /audit`: a page of the audit log, newest first. */
export type ListAuditResponse = {
  items: AuditEntry[];
  /** Present when there may be more entries. */
  nextCursor?: string;
};

/** `POST /messages/discard` and `/messages/restore`. */
export type MessageActionResult = {
  /** Messages asked for. */
  requested: number;
  /** Messages whose state changed (others were not in the state to change from). */
  affected: number;
  /**
   * Present when the discard needs a second person (four eyes): nothing
   * changed, the request holds the messages until it is decided.
   */
  approval?: DeadLetterApproval;
};

/** `POST /replays/:id/cancel`: the job as it is after cancelling. */
export type CancelReplayResponse = {
  job: ReplayJob;
};
