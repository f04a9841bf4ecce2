export interface Config {
  humio?: {
    /**
     * Base URL of the Humio (Falcon LogScale) cluster, e.g.
     * https://cloud.humio.com; the API is under /api/v1. Shared with the
     * Humio backend plugin.
     * @visibility backend
     */
    baseUrl?: string;

    /**
     * The audit trail: privileged portal actions (audit events of the
     * auditor service) kept in an outbox in each plugin's database and
     * shipped to Humio's structured ingest API.
     */
    audit?: {
      /**
       * Ingest token of the repository the audit events go to. Without it
       * (or without `humio.baseUrl`) events are kept in the outbox and not
       * shipped until both are configured.
       * @visibility secret
       */
      ingestToken?: string;

      /**
       * Events of this severity and above go to the outbox: low, medium
       * (default), high or critical.
       * @visibility backend
       */
      minSeverity?: 'low' | 'medium' | 'high' | 'critical';

      /**
       * Events that go to the outbox whatever their severity: an event id
       * (`task`) or a plugin-qualified one (`scaffolder.task`).
       * @visibility backend
       */
      eventIds?: string[];

      /**
       * How often each plugin's outbox is shipped (default 5 seconds): a
       * duration such as `{ seconds: 5 }`, '5s' or 'PT5S'.
       * @visibility backend
       */
      shipInterval?: { [unit: string]: number } | string;

      /**
       * Most events per ingest request (default 200).
       * @visibility backend
       */
      batchSize?: number;

      /**
       * After a failed shipment, the first wait before the next attempt
       * (default 5 seconds); it doubles per attempt up to `maxBackoff`.
       * @visibility backend
       */
      initialBackoff?: { [unit: string]: number } | string;

      /**
       * The longest wait between attempts (default 5 minutes).
       * @visibility backend
       */
      maxBackoff?: { [unit: string]: number } | string;

      /**
       * Shipped events are deleted from the outbox this many days after
       * they were shipped (default 7). Unshipped events are never deleted.
       * @visibility backend
       */
      retentionDays?: number;

      /**
       * When an event cannot be written to the outbox, fail the audited
       * action instead of logging an error and going on (default false).
       * Production (`auth.environment: production`) always fails high and
       * critical actions whose `initiated` event cannot be written.
       * @visibility backend
       */
      failClosed?: boolean;
    };
  };
}
