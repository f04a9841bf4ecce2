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

/** Where a replay publishes the messages. */
export type ReplayTarget =
  | { kind: 'original' }
  | { kind: 'queue'; queue: string };

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
export type AuditAction = 'discard' | 'restore' | 'replay';

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
