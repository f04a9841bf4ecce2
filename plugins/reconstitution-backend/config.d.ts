/** Where one field of an integration event is read from. */
type FieldSource =
  | { header: string }
  | { property: 'type' | 'timestamp' | 'messageId' | 'appId' }
  /** 0-based segment of the routing key split on '.'. */
  | { routingKeySegment: number };

export interface Config {
  /** Reconstitution (see also `amqp.environments` for the brokers). */
  reconstitution?: {
    /** Per environment (a key of `amqp.environments`): what is archived. */
    environments?: {
      [environment: string]: {
        /** Exchanges whose integration events are archived (bound with `#`). */
        exchanges: string[];
        /** The archive's durable queue (default portal.reconstitution.archive). */
        queue?: string;
        /** Unacknowledged events in flight (default 500). */
        prefetch?: number;
        /** Events stored per database round trip (default 250). */
        batchSize?: number;
        /**
         * Four eyes: jobs of this environment are created awaiting
         * approval and run only once another owner of the receiver (or the
         * platform team; never the requester) approves them before
         * `expiry`. Default: required for an environment named `prod` and,
         * under the production configuration, for every environment.
         */
        approval?: {
          required?: boolean;
          /** E.g. '24h' or { hours: 24 } (default 24 hours). */
          expiry?: string | { [unit: string]: number };
        };
      };
    };
    /**
     * Where producer domain, entity type, entity id, event name and
     * occurred-at are read from; each field tries its sources in order.
     * Default: routing key `<domain>.<entity-type>.<event-name>`, headers
     * `x-producer-domain`, `x-entity-type`, `x-entity-id`, `x-event-name`,
     * `x-occurred-at`, and the AMQP `type` and `timestamp` properties.
     */
    convention?: {
      domain?: FieldSource[];
      entityType?: FieldSource[];
      entityId?: FieldSource[];
      eventName?: FieldSource[];
      occurredAt?: FieldSource[];
    };
    /**
     * Archived events older than this many days are removed, a whole month
     * at a time on Postgres (default 400).
     */
    retentionDays?: number;
    /** How jobs deliver events. */
    jobs?: {
      /** Events published and awaiting the broker's confirm, at most (default 1000). */
      window?: number;
      /** A running job whose instance has not reported for this long is resumed by another (default 30). */
      staleAfterSeconds?: number;
    };
  };
}
