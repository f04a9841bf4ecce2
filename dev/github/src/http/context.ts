import type { Request, Response } from 'express';
import type { RateLimitResource } from '../data/model';
import type { Store } from '../data/store';
import type { Identities } from '../oauth/identities';
import type { FaultInjector } from '../middleware/faults';
import type { RateLimiter } from '../middleware/rateLimit';
import type { Stats } from '../middleware/stats';

/** Everything a handler may need; one per server. */
export interface AppContext {
  store: Store;
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: Stats;
  /** People who sign in through the OAuth web flow, org membership, user tokens. */
  identities: Identities;
  token?: string;
  latencyMs: number;
  /** e.g. http://127.0.0.1:7900; known once the server listens. */
  baseUrl: string;
  nextRequestId(): string;
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** GitHub's documented path, e.g. /repos/{owner}/{repo}; also the stats key. */
  pattern: string;
  /** Which rate limit the request spends; graphql charges by query cost in its handler. */
  resource: RateLimitResource | null;
  /** documentation_url for this route's error bodies. */
  docs: string;
  handler: Handler;
}

export interface RequestContext {
  app: AppContext;
  req: Request;
  res: Response;
  route: RouteDef;
  params: Record<string, string>;
  query: URLSearchParams;
  /** What this request was charged, so that a 304 can be refunded. */
  charged?: { resource: RateLimitResource; cost: number };
  /** Refused for the primary rate limit (REST 403 or GraphQL RATE_LIMITED). */
  rateLimited?: boolean;
  /** Filled by the GraphQL handler for stats. */
  graphql?: { operationName?: string; cost: number };
}
