import type { RateLimitResource } from '../data/model';

export interface RateLimitWindow {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitSnapshot {
  resource: RateLimitResource;
  limit: number;
  used: number;
  remaining: number;
  /** Epoch seconds, as in `x-ratelimit-reset`. */
  reset: number;
}

interface Bucket {
  limit: number;
  windowMs: number;
  used: number;
  resetAtMs: number;
  /** A window starts with the first request after the previous one ended, as GitHub's do. */
  started: boolean;
}

export const DEFAULT_WINDOWS: Record<RateLimitResource, RateLimitWindow> = {
  core: { limit: 5000, windowSeconds: 3600 },
  graphql: { limit: 5000, windowSeconds: 3600 },
  search: { limit: 30, windowSeconds: 60 },
};

export const RESOURCES: RateLimitResource[] = ['core', 'graphql', 'search'];

/**
 * GitHub's primary rate limits: a fixed budget per resource that resets at a
 * whole second; one shared "user" as every token here is the same user.
 */
export class RateLimiter {
  private readonly buckets = new Map<RateLimitResource, Bucket>();

  constructor(
    private readonly windows: Record<RateLimitResource, RateLimitWindow>,
    private readonly now: () => number = Date.now,
  ) {
    this.resetAll();
  }

  resetAll(): void {
    for (const resource of RESOURCES) {
      const { limit, windowSeconds } = this.windows[resource];
      this.buckets.set(resource, {
        limit,
        windowMs: windowSeconds * 1000,
        used: 0,
        resetAtMs: this.nextReset(windowSeconds * 1000),
        started: false,
      });
    }
  }

  private nextReset(windowMs: number): number {
    return Math.ceil((this.now() + windowMs) / 1000) * 1000;
  }

  private bucket(resource: RateLimitResource): Bucket {
    const b = this.buckets.get(resource)!;
    const now = this.now();
    if (now >= b.resetAtMs) {
      b.used = 0;
      b.started = false;
      b.resetAtMs = this.nextReset(b.windowMs);
    }
    return b;
  }

  peek(resource: RateLimitResource): RateLimitSnapshot {
    const b = this.bucket(resource);
    return {
      resource,
      limit: b.limit,
      used: b.used,
      remaining: Math.max(0, b.limit - b.used),
      reset: Math.floor(b.resetAtMs / 1000),
    };
  }

  /** Charges `cost`; false (and nothing charged) when the budget cannot cover it. */
  consume(
    resource: RateLimitResource,
    cost = 1,
  ): { ok: boolean; snapshot: RateLimitSnapshot } {
    const b = this.bucket(resource);
    if (!b.started) {
      b.started = true;
      b.resetAtMs = this.nextReset(b.windowMs);
    }
    if (b.used + cost > b.limit) {
      return { ok: false, snapshot: this.peek(resource) };
    }
    b.used += cost;
    return { ok: true, snapshot: this.peek(resource) };
  }

  /** Conditional requests answered 304 do not count, as on GitHub. */
  refund(resource: RateLimitResource, cost = 1): void {
    const b = this.bucket(resource);
    b.used = Math.max(0, b.used - cost);
  }

  set(
    resource: RateLimitResource,
    state: { remaining: number; resetInSeconds?: number; limit?: number },
  ): RateLimitSnapshot {
    const b = this.bucket(resource);
    if (state.limit !== undefined) b.limit = state.limit;
    b.used = Math.max(0, b.limit - state.remaining);
    b.started = true;
    if (state.resetInSeconds !== undefined) {
      b.resetAtMs =
        Math.ceil((this.now() + state.resetInSeconds * 1000) / 1000) * 1000;
    }
    return this.peek(resource);
  }
}

export function rateLimitHeaders(s: RateLimitSnapshot): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.reset),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': s.resource,
  };
}
