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
  environment: string;
  eventNames: string[];
  events: number;
  firstOccurredAt: string;
  lastOccurredAt: string;
};
