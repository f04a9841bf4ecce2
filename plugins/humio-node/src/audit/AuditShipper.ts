import { LoggerService } from '@backstage/backend-plugin-api';
import { AuditOutbox, AuditOutboxRow } from './AuditOutbox';

/** The `source` tag of every audit event in Humio. */
export const AUDIT_SOURCE_TAG = 'backstage-audit';

export type AuditShipperOptions = {
  outbox: AuditOutbox;
  /** Humio's base URL; the ingest API is under /api/v1. */
  baseUrl: string;
  /** An ingest token of the audit repository. */
  ingestToken: string;
  logger: LoggerService;
  /** Most events per ingest request (default 200). */
  batchSize?: number;
  /** Most requests per `ship()` call, so one run cannot go on forever (default 20). */
  maxBatchesPerRun?: number;
  /** First wait after a failure (default 5 s); doubles per attempt. */
  initialBackoffMs?: number;
  /** Longest wait between attempts (default 5 min). */
  maxBackoffMs?: number;
  /** Per ingest request (default 10 s). */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
};

/**
 * Ships an outbox to Humio's structured ingest API, a batch at a time:
 * claims the oldest due events, posts them, and marks them shipped only
 * after a 2xx. A failed batch is put back with an exponential, capped and
 * jittered wait, so an outage costs a request per batch now and then rather
 * than a stream of them, and nothing is lost.
 *
 * Delivery is at least once: an event is sent again only when its batch was
 * accepted but could not be marked (the process died, the database was
 * gone) or its claim outlived its lease. Every event carries its outbox id,
 * so a Humio query can count such a repeat once (`groupBy(id)`).
 */
export class AuditShipper {
  private readonly outbox: AuditOutbox;
  private readonly url: string;
  private readonly ingestToken: string;
  private readonly logger: LoggerService;
  private readonly batchSize: number;
  private readonly maxBatchesPerRun: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;
  private readonly fetch: typeof fetch;
  /** Set while Humio refuses: a failure is logged as a warning once per outage. */
  private failingSince: Date | undefined;

  static create(options: AuditShipperOptions): AuditShipper {
    return new AuditShipper(options);
  }

  private constructor(options: AuditShipperOptions) {
    this.outbox = options.outbox;
    this.url = `${options.baseUrl.replace(
      /\/+$/,
      '',
    )}/api/v1/ingest/humio-structured`;
    this.ingestToken = options.ingestToken;
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 200;
    this.maxBatchesPerRun = options.maxBatchesPerRun ?? 20;
    this.initialBackoffMs = options.initialBackoffMs ?? 5000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.fetch = options.fetch ?? fetch;
  }

  /**
   * Ships what is due until the outbox has nothing due, a request fails or
   * `maxBatchesPerRun` requests were made.
   */
  async ship(): Promise<{ shipped: number; failed: number }> {
    let shipped = 0;
    for (let batch = 0; batch < this.maxBatchesPerRun; batch++) {
      const claim = await this.outbox.claim({
        limit: this.batchSize,
        // Longer than any request may take: an unsettled claim is taken over
        // only when its shipper is surely gone.
        leaseMs: this.requestTimeoutMs * 3,
      });
      if (claim.rows.length === 0) break;

      let problem: string | undefined;
      try {
        const response = await this.fetch(this.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${this.ingestToken}`,
          },
          body: JSON.stringify(toIngestBody(claim.rows)),
          signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
        if (!response.ok) {
          const text = await response.text().catch(() => '');
          problem = `Humio answered ${response.status}${
            text ? `: ${text.slice(0, 500)}` : ''
          }`;
        }
      } catch (error) {
        problem = `Humio could not be reached: ${error}`;
      }

      if (problem !== undefined) {
        await this.outbox.markFailed(claim, {
          error: problem,
          backoffMs: attempts => this.backoffMs(attempts),
        });
        this.reportFailure(problem, claim.rows.length);
        return { shipped, failed: claim.rows.length };
      }

      shipped += await this.outbox.markShipped(
        claim.claimId,
        claim.rows.map(r => r.id),
      );
      this.reportRecovery();
      if (claim.rows.length < this.batchSize) break;
    }
    return { shipped, failed: 0 };
  }

  /** Exponential from `initialBackoffMs`, capped, with half of it random. */
  backoffMs(attempts: number): number {
    const exponential =
      this.initialBackoffMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30);
    const capped = Math.min(this.maxBackoffMs, exponential);
    // Jitter: replicas and plugins that failed together do not retry together.
    return Math.round(capped / 2 + Math.random() * (capped / 2));
  }

  private reportFailure(problem: string, count: number) {
    if (!this.failingSince) {
      this.failingSince = new Date();
      this.logger.warn(
        `Audit events could not be shipped to Humio and stay in the outbox until it accepts them: ${problem}`,
      );
    } else {
      this.logger.debug(
        `Audit events still not shipped (${count} in this batch): ${problem}`,
      );
    }
  }

  private reportRecovery() {
    if (this.failingSince) {
      this.logger.info(
        `Audit events are shipped to Humio again (failing since ${this.failingSince.toISOString()})`,
      );
      this.failingSince = undefined;
    }
  }
}

/**
 * The body of a structured ingest request: one group per plugin, tagged, and
 * an event per row with the outbox id as `id`.
 */
export function toIngestBody(rows: AuditOutboxRow[]) {
  const byPlugin = new Map<string, AuditOutboxRow[]>();
  for (const row of rows) {
    const list = byPlugin.get(row.plugin) ?? [];
    list.push(row);
    byPlugin.set(row.plugin, list);
  }
  return [...byPlugin].map(([plugin, list]) => ({
    tags: { source: AUDIT_SOURCE_TAG, plugin },
    events: list.map(row => ({
      timestamp: row.createdAt.toISOString(),
      attributes: {
        id: row.id,
        eventId: row.eventId,
        plugin: row.plugin,
        severity: row.severity,
        status: row.status,
        actor: row.actor,
        actorDetails: row.actorDetails,
        request: row.request,
        meta: row.meta,
        error: row.error,
      },
    })),
  }));
}
