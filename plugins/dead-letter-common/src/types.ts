/** Where a dead letter is in its handling. */
export type DeadLetterState =
  | 'unresolved'
  | 'replaying'
  | 'replayed'
  | 'discarded';

/** One entry of RabbitMQ's `x-death` header: one way the message died. */
export type DeathRecord = {
  queue: string;
  reason: string;
  count: number;
  time?: string;
  exchange: string;
  routingKeys: string[];
};

/** How the body is best shown: parsed JSON, UTF-8 text, or bytes. */
export type BodyEncoding = 'json' | 'text' | 'binary';

/** A dead-lettered message as the portal lists it (no body). */
export type DeadLetterSummary = {
  id: string;
  environment: string;
  /** The queue the message was captured from. */
  deadLetterQueue: string;
  /** The queue the message died in (first death). */
  sourceQueue: string;
  reason: string;
  originalExchange: string;
  originalRoutingKeys: string[];
  messageId?: string;
  messageType?: string;
  /** Type of the exception the consumer failed with, from a header. */
  exceptionType?: string;
  contentType?: string;
  bodySize: number;
  bodyEncoding: BodyEncoding;
  /** Catalog Component that declares the source queue, when there is one. */
  componentRef?: string;
  /** Owner of that component; undefined means "unowned". */
  ownerRef?: string;
  groupFingerprint: string;
  state: DeadLetterState;
  firstDeathAt?: string;
  /** Latest time found in the message's death history. */
  lastDeathAt?: string;
  capturedAt: string;
  /** When the state last changed (capture time until then). */
  stateChangedAt?: string;
  /** When the message was replayed or discarded. */
  resolvedAt?: string;
  replayCount: number;
  /** The earlier life of this message, when it died again after a replay. */
  previousMessageId?: string;
  /**
   * The caller may not read this message's content (its environment's
   * `bodyAccess` is `owners` and the caller is neither an owner nor in the
   * platform team): in a {@link DeadLetterMessage} the body, headers and
   * properties are empty. Only `ownerRef` (and the platform team) may read it.
   */
  bodyWithheld?: boolean;
};

/** A dead-lettered message with its content. */
export type DeadLetterMessage = DeadLetterSummary & {
  /** Base64 of the exact body bytes. */
  bodyBase64: string;
  /** AMQP content-encoding of the body (e.g. gzip), when set. */
  contentEncoding?: string;
  /** The replay job that last published this message, when there was one. */
  replayJobId?: string;
  headers: Record<string, unknown>;
  properties: Record<string, unknown>;
  deathHistory: DeathRecord[];
};

/**
 * Where a replay publishes the messages: the exchange and routing keys the
 * message was first published with (from its death history), the queue it
 * died in (through the default exchange), or a queue the user names.
 */
export type ReplayTarget =
  | { kind: 'original' }
  | { kind: 'source' }
  | { kind: 'queue'; queue: string };

/**
 * Which unresolved messages of one environment a replay takes, when they are
 * chosen by filter rather than by id. Same meaning as the list filters.
 */
export type DeadLetterFilter = {
  environment: string;
  /** Entity refs of owners. */
  owners?: string[];
  /** Also (with `owners`) or only (without `owners`) messages nobody owns. */
  unowned?: boolean;
  /** Entity ref of the component whose queue the message died in. */
  component?: string;
  queue?: string;
  reason?: string;
  /** Failure group fingerprint. */
  group?: string;
  /**
   * Text in the body, headers or message id; matched only in messages whose
   * body the caller may read.
   */
  q?: string;
  /**
   * Set instead of `q` in jobs and audit entries shown to someone who may
   * not read that environment's bodies: the search text may quote them.
   */
  qWithheld?: boolean;
  /** ISO 8601: captured at or after. */
  from?: string;
  /** ISO 8601: captured before. */
  to?: string;
};

/**
 * Body of `POST /replays`: exactly one of `ids` (at most 10,000) or `filter`
 * (every unresolved message matching it, at most `replay.maxJobSize`).
 */
export type CreateReplayRequest = {
  ids?: string[];
  filter?: DeadLetterFilter;
  /** Defaults to `{ kind: 'original' }`. */
  target?: ReplayTarget;
  /** Publishes per second, 1..5000; unlimited when not given. */
  ratePerSecond?: number;
};

/** Where a replay job is in its handling. */
export type ReplayJobState =
  | 'pending'
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled';

/** A replay of dead letters, run in the background. */
export type ReplayJob = {
  id: string;
  environment: string;
  createdBy: string;
  createdAt: string;
  target: ReplayTarget;
  /** The filter the messages were chosen by, when not chosen by id. */
  filter?: DeadLetterFilter;
  /** Publishes per second, when limited. */
  ratePerSecond?: number;
  state: ReplayJobState;
  /** Why the job failed or was cancelled. */
  reason?: string;
  total: number;
  /** Items published at least once (whatever the outcome). */
  sent: number;
  confirmed: number;
  failed: number;
  heartbeatAt?: string;
  finishedAt?: string;
};

/** Where one message of a replay job is. */
export type ReplayItemStatus = 'pending' | 'sent' | 'confirmed' | 'failed';

/** One message of a replay job. */
export type ReplayJobItem = {
  messageId: string;
  status: ReplayItemStatus;
  /** Why it failed (unroutable, rejected, replay cap reached...). */
  error?: string;
};

/**
 * `GET /replays/:id`: the job and up to 500 of its items, failed ones first.
 */
export type ReplayJobDetail = {
  job: ReplayJob;
  items: ReplayJobItem[];
  /** True when the job has more items than listed. */
  itemsTruncated: boolean;
};

/** Number of messages per environment, owner and state. */
export type DeadLetterCount = {
  environment: string;
  /** Undefined: messages nobody owns. */
  ownerRef?: string;
  state: DeadLetterState;
  count: number;
};

/** Messages that failed the same way (same queue, reason and types). */
export type DeadLetterFailureGroup = {
  fingerprint: string;
  environment: string;
  sourceQueue: string;
  reason: string;
  messageType?: string;
  exceptionType?: string;
  componentRef?: string;
  ownerRef?: string;
  count: number;
  /** Earliest capture time in the group (ISO 8601). */
  firstSeen: string;
  /** Latest capture time in the group (ISO 8601). */
  lastSeen: string;
};

/** An action on dead letters, in the audit log. */
export type AuditAction =
  | 'discard'
  | 'restore'
  | 'replay'
  | 'cancel-replay'
  /** Resolved messages removed by the retention task. */
  | 'purge';

/** How an audited action ended. */
export type AuditOutcome = 'succeeded' | 'failed' | 'denied';

/** One entry of the audit log. */
export type AuditEntry = {
  id: string;
  /** ISO 8601 date-time. */
  at: string;
  /** Entity ref of the user. */
  actor: string;
  action: AuditAction;
  environment?: string;
  selection: { ids?: string[]; filter?: Record<string, unknown> };
  target?: Record<string, unknown>;
  requested: number;
  affected: number;
  outcome: AuditOutcome;
  details?: string;
};

/** A queue a replay may target (`GET /replay-targets`). */
export type ReplayTargetQueue = {
  queue: string;
  /** The component the queue is registered to; absent for unregistered queues. */
  componentRef?: string;
  ownerRef?: string;
};

export type ReplayTargetsResponse = {
  items: ReplayTargetQueue[];
  /** The caller may name any queue (the platform team). */
  anyQueue: boolean;
};

/** A component declaring a queue that is registered to another (`GET /queue-conflicts`). */
export type DeadLetterQueueConflict = {
  queue: string;
  claimantRef: string;
  /** The component the queue is registered to. */
  ownerRef: string;
  /** The owner (squad) of that component, when the catalog names one. */
  ownerGroupRef?: string;
  detectedAt: string;
};
