import type { AppContext } from '../../http/context';
import type { RateLimitSnapshot } from '../../middleware/rateLimit';
import type { QueryCost } from '../cost';
import { GitHubGraphQLError } from '../errors';

/*
 * Resolver objects: one class per GitHub type, whose getters and methods are
 * the fields (graphql-js's default resolver calls methods with the field's
 * arguments). `__typename` on each lets interfaces and unions resolve.
 */

/** One query's request: the server, what it costs and the rate limit after it. */
export interface GqlRequest {
  app: AppContext;
  cost: QueryCost;
  rate: RateLimitSnapshot;
}

/**
 * Makes the nodes a type leads back up to. GitHub's types refer to each
 * other in circles (a pull request's repository, a team's organisation);
 * the files that hold them must not, so the few ways back are made here,
 * by the root that knows every type.
 */
export interface Nodes {
  repository(index: number): object;
  organization(): object;
}

export interface GqlContext extends GqlRequest {
  nodes: Nodes;
}

export const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined
    ? null
    : new Date(Math.floor(ms / 1000) * 1000)
        .toISOString()
        .replace('.000Z', 'Z');

export const base = (c: GqlContext) => c.app.baseUrl;

/** GitHub's avatar URL, sized when the query asks (`avatarUrl(size:)`). */
export function avatarUrl(
  c: GqlContext,
  path: string,
  size: number | null | undefined,
): string {
  return `${base(c)}/avatars/${path}?v=4${size ? `&s=${size}` : ''}`;
}

export function notFound(message: string): GitHubGraphQLError {
  return new GitHubGraphQLError('NOT_FOUND', message);
}
