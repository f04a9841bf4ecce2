import { Rng } from '@internal/dev-kit';

export interface FaultSpec {
  /**
   * 500/502/503: a server error in GitHub's body. 403/429: GitHub's
   * secondary rate limit (with `retry-after`). Omit for latency only.
   */
  status?: 500 | 502 | 503 | 403 | 429;
  /** Apply to the next n matching requests only. */
  count?: number;
  /** Apply to this fraction (0..1) of matching requests; deterministic per server. */
  ratio?: number;
  /** A regular expression tested against the request's path and query (e.g. "^/graphql", "/contents/"). */
  pathPattern?: string;
  /** Only this HTTP method. */
  method?: string;
  /** Extra delay before answering (with or without a status). */
  latencyMs?: number;
  /** For 403/429: the `retry-after` seconds. Default 60. */
  retryAfterSeconds?: number;
}

export interface ActiveFault extends FaultSpec {
  id: string;
  /** How many requests it has hit so far. */
  hits: number;
}

export interface FaultDecision {
  latencyMs: number;
  fault?: ActiveFault;
}

/**
 * Injected failures. Evaluated before authentication and rate limiting, as a
 * load balancer or an overloaded GitHub frontend would fail a request.
 */
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed, 0xfa017);
  }

  add(spec: FaultSpec): ActiveFault {
    // Fail fast on a bad pattern rather than on the next request.
    if (spec.pathPattern) RegExp(spec.pathPattern);
    if (spec.ratio !== undefined && (spec.ratio < 0 || spec.ratio > 1)) {
      throw new RangeError('ratio must be within 0..1');
    }
    const fault: ActiveFault = {
      ...spec,
      id: `fault-${this.nextId++}`,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter(f => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map(f => ({ ...f }));
  }

  /** Picks what applies to one request, consuming `count` budgets. */
  decide(method: string, pathAndQuery: string): FaultDecision {
    let latencyMs = 0;
    let chosen: ActiveFault | undefined;
    for (const f of this.faults) {
      if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
      if (f.pathPattern && !new RegExp(f.pathPattern).test(pathAndQuery))
        continue;
      if (f.count !== undefined && f.hits >= f.count) continue;
      if (f.ratio !== undefined && this.rng.next() >= f.ratio) continue;
      if (f.status !== undefined && chosen) continue;
      f.hits++;
      latencyMs += f.latencyMs ?? 0;
      if (f.status !== undefined) chosen = f;
    }
    // Exhausted count-limited faults are dropped so that the list shows what is still armed.
    this.faults = this.faults.filter(
      f => f.count === undefined || f.hits < f.count,
    );
    return { latencyMs, fault: chosen };
  }
}
