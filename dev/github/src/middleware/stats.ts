export interface StatsSnapshot {
  /** All API requests (control requests are not counted). */
  requests: number;
  /** Keyed by method and GitHub's route template, e.g. "GET /repos/{owner}/{repo}/contents/{path}". */
  byRoute: Record<string, number>;
  /** Requests per rate-limit resource (GraphQL counts requests here, points below). */
  byResource: Record<string, number>;
  byStatus: Record<string, number>;
  graphql: {
    requests: number;
    /** Rate-limit points spent. */
    cost: number;
    /** Keyed by operation name ("anonymous" when unnamed). */
    byOperation: Record<string, number>;
  };
  /** Requests refused with 403/429 rate-limit answers or 200 RATE_LIMITED. */
  rateLimited: number;
  faultsInjected: number;
  /** Repositories created (POST /orgs/{org}/repos, /user/repos) and deleted, and git pushes that moved a branch. */
  repos: { created: number; deleted: number; pushes: number };
  since: string;
}

/** Request counters, so tests and benchmarks can assert how chatty a feature is. */
export class Stats {
  private s!: StatsSnapshot;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.s = {
      requests: 0,
      byRoute: {},
      byResource: {},
      byStatus: {},
      graphql: { requests: 0, cost: 0, byOperation: {} },
      rateLimited: 0,
      faultsInjected: 0,
      repos: { created: 0, deleted: 0, pushes: 0 },
      since: new Date().toISOString(),
    };
  }

  record(entry: {
    route: string;
    resource: string | null;
    status: number;
    graphql?: { operationName?: string; cost: number };
    rateLimited?: boolean;
    faulted?: boolean;
  }): void {
    const s = this.s;
    s.requests++;
    s.byRoute[entry.route] = (s.byRoute[entry.route] ?? 0) + 1;
    const resource = entry.resource ?? 'none';
    s.byResource[resource] = (s.byResource[resource] ?? 0) + 1;
    s.byStatus[entry.status] = (s.byStatus[entry.status] ?? 0) + 1;
    if (entry.graphql) {
      s.graphql.requests++;
      s.graphql.cost += entry.graphql.cost;
      const op = entry.graphql.operationName || 'anonymous';
      s.graphql.byOperation[op] = (s.graphql.byOperation[op] ?? 0) + 1;
    }
    if (entry.rateLimited) s.rateLimited++;
    if (entry.faulted) s.faultsInjected++;
  }

  countRepoCreated(): void {
    this.s.repos.created++;
  }

  countRepoDeleted(): void {
    this.s.repos.deleted++;
  }

  countPush(): void {
    this.s.repos.pushes++;
  }

  snapshot(): StatsSnapshot {
    return JSON.parse(JSON.stringify(this.s));
  }
}
