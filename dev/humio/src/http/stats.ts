export interface HumioStats {
  /** API requests (control requests are not counted). */
  requests: number;
  /** Keyed by method and route template, e.g. "POST /api/v1/repositories/{repo}/query". */
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
  ingest: {
    /** Ingest requests answered 200. */
    batchesAccepted: number;
    /** Ingest requests refused (400, 401, 503, ...). */
    batchesRejected: number;
    eventsAccepted: number;
  };
  /** Query executions: streaming queries and query-job polls. */
  queries: number;
  /** Requests answered 503 because the server was set down. */
  rejectedWhileDown: number;
  since: string;
}

/** Request counters, so tests can assert what a feature sent and how often. */
export class Stats {
  private s!: HumioStats;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.s = {
      requests: 0,
      byEndpoint: {},
      byStatus: {},
      ingest: { batchesAccepted: 0, batchesRejected: 0, eventsAccepted: 0 },
      queries: 0,
      rejectedWhileDown: 0,
      since: new Date().toISOString(),
    };
  }

  record(endpoint: string, status: number, ingest: boolean): void {
    const s = this.s;
    s.requests++;
    s.byEndpoint[endpoint] = (s.byEndpoint[endpoint] ?? 0) + 1;
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
    if (ingest) {
      if (status === 200) s.ingest.batchesAccepted++;
      else s.ingest.batchesRejected++;
    }
  }

  eventsAccepted(n: number): void {
    this.s.ingest.eventsAccepted += n;
  }

  query(): void {
    this.s.queries++;
  }

  rejectedWhileDown(): void {
    this.s.rejectedWhileDown++;
  }

  snapshot(): HumioStats {
    return JSON.parse(JSON.stringify(this.s));
  }
}
