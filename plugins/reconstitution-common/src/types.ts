import type { ReconstitutionJobApproval } from './approvals';

/**
 * A producer of integration events: its domain and the entity type its
 * events are about, shown as `organisation [organisation-party]`.
 */
export type Producer = {
  domain: string;
  entityType: string;
};

/** An integration event as the archive keeps it. */
export type ArchivedEvent = Producer & {
  environment: string;
  /** The AMQP message id (or, without one, a hash of the message). */
  messageId: string;
  entityId: string;
  eventName: string;
  /** When the event happened (ISO 8601), as the producer said. */
  occurredAt: string;
  exchange: string;
  routingKey: string;
  headers: Record<string, unknown>;
  properties: Record<string, unknown>;
  bodyBase64: string;
};

/** Which archived events a job (or its dry run) takes. */
export type EventSelection = Producer & {
  /** The event source to read (`archive` when absent). */
  source?: string;
  environment: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  /** Only events about these entities. */
  entityIds?: string[];
  /** Only these event names. */
  eventNames?: string[];
};

/** What a job would deliver: counted before anything is sent. */
export type DryRunResult = {
  total: number;
  byEventName: Array<{ eventName: string; count: number }>;
  /** The first matching events, in delivery order. */
  sample: Array<Omit<ArchivedEvent, 'bodyBase64' | 'headers' | 'properties'>>;
};

/** A producer the archive has seen, with its event names. */
export type ArchivedProducer = Producer & {
  /** The event source that has these events (`archive` for the archive). */
  source: string;
  environment: string;
  eventNames: string[];
  events: number;
  firstOccurredAt: string;
  lastOccurredAt: string;
};

/** A catalog Component that can receive events: it declares queues. */
export type ReconstitutionReceiver = {
  /** e.g. `component:default/payments-read-model` */
  entityRef: string;
  title?: string;
  description?: string;
  /** The owning group, e.g. `group:default/squad-payments`. */
  ownerRef?: string;
  system?: string;
  queues: string[];
};

export type ReconstitutionJobState =
  | 'pending'
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  /** A job into a production receiver, until another person approves it. */
  | 'awaiting-approval'
  | 'refused'
  | 'expired';

/** What a job is asked to do (`POST /jobs`). */
export type ReconstitutionJobRequest = EventSelection & {
  receiver: { entityRef: string; queue: string };
  /** Publishes per second; unlimited when absent. */
  ratePerSecond?: number;
};

export type ReconstitutionJobProgress = {
  /** Events the selection matched when the job started (or was created). */
  matched: number;
  /** Events published, including ones awaiting the broker's confirm. */
  sent: number;
  /** Events the broker confirmed into the receiver's queue. */
  confirmed: number;
  /** Confirmed events per second over the last few seconds, while running. */
  ratePerSecond?: number;
  /** Seconds until done at the current rate, while running. */
  etaSeconds?: number;
};

export type ReconstitutionJob = {
  id: string;
  state: ReconstitutionJobState;
  /** Why the job failed or was cancelled; for a pending job, why it waits. */
  reason?: string;
  environment: string;
  receiver: { entityRef: string; queue: string; ownerRef?: string };
  producer: Producer;
  /** The event source the events come from (`archive` by default). */
  source: string;
  from?: string;
  to?: string;
  eventNames: string[];
  entityIdCount: number;
  ratePerSecond?: number;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  progress: ReconstitutionJobProgress;
  /** Set when the job needed (or needs) a second person's approval. */
  approval?: ReconstitutionJobApproval;
};

/** A point of a job's progress over time. */
export type ReconstitutionProgressSample = {
  at: string;
  sent: number;
  confirmed: number;
};

export type ReconstitutionAuditEntry = {
  at: string;
  actor: string;
  action:
    | 'create'
    | 'start'
    | 'resume'
    | 'cancel'
    | 'complete'
    | 'fail'
    | 'approve'
    | 'refuse'
    | 'expire';
  jobId: string;
  details?: string;
};

/** `GET /jobs/:id` */
export type ReconstitutionJobDetail = {
  job: ReconstitutionJob;
  /** The first 1,000 entity ids of the selection. */
  entityIds: string[];
  progressSamples: ReconstitutionProgressSample[];
  audit: ReconstitutionAuditEntry[];
};

/** Headers every reconstituted event carries, so consumers can tell. */
export const RECONSTITUTED_HEADER = 'x-reconstituted';
export const RECONSTITUTION_JOB_HEADER = 'x-reconstitution-job';

/** `GET /archive`: the archive of one environment. */
export type ReconstitutionArchiveStatus = {
  environment: string;
  queue: string;
  exchanges: string[];
  /** The queue is declared and bound, and consumed. */
  active: boolean;
  archived: number;
  duplicates: number;
  /** Messages that are not integration events by the convention. */
  skipped: number;
  lastSkipReason?: string;
  lastArchivedAt?: string;
  lastError?: string;
  /**
   * Events the archive could not store even after cleaning their text,
   * kept aside (with their content) so archiving goes on; all instances.
   */
  parked: number;
  /** The latest parked events, newest first. */
  recentParked: ReconstitutionParkedEvent[];
};

/** An event the archive kept aside, and why. */
export type ReconstitutionParkedEvent = {
  exchange: string;
  routingKey: string;
  messageId?: string;
  receivedAt: string;
  parkedAt: string;
  /** Why it could not be stored (the database's error). */
  reason: string;
};

/** Most entity ids one selection may list. */
export const MAX_ENTITY_IDS = 100_000;

/** The highest rate limit a job may ask for, in events per second. */
export const MAX_RATE_PER_SECOND = 100_000;
