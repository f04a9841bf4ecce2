import type { NextFunction, Request, Response } from 'express';
import { ORG_ID, REPO_ID_BASE } from '../data/generator/core';
import type { AppContext, RequestContext, RouteDef } from '../http/context';
import { errorBody, notFound, sendError } from '../http/responses';
import type { Router } from '../http/router';
import { isAuthorized } from './auth';
import type { ActiveFault } from './faults';
import { rateLimitHeaders } from './rateLimit';

const UNMATCHED: RouteDef = {
  method: 'GET',
  pattern: '(unmatched)',
  resource: 'core',
  docs: 'https://docs.github.com/rest',
  handler: () => undefined,
};

const RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/**
 * GitHub's own URLs in Link headers and `url` fields use numeric ids
 * (/organizations/{id}/repos, /repositories/{id}/pulls); they are served by
 * rewriting to the named routes, which also keeps one stats key per route.
 */
function rewriteAliases(app: AppContext, rawPath: string): string {
  const store = app.store;
  // GitHub Enterprise Server's layout (REST under /api/v3), which Backstage's
  // GitHub sign-in uses when given an enterpriseInstanceUrl.
  const path = rawPath.startsWith('/api/v3/')
    ? rawPath.slice('/api/v3'.length)
    : rawPath;
  let m = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (m) {
    const index = Number(m[1]) - REPO_ID_BASE;
    return store.isVisible(index)
      ? `/repos/${store.org}/${store.core(index).name}${m[2] ?? ''}`
      : path;
  }
  m = /^\/organizations\/(\d+)\/team\/(\d+)(\/.*)?$/.exec(path);
  if (m && Number(m[1]) === ORG_ID) {
    const team = store.teams.find(t => t.id === Number(m![2]));
    return team ? `/orgs/${store.org}/teams/${team.slug}${m[3] ?? ''}` : path;
  }
  m = /^\/organizations\/(\d+)(\/.*)?$/.exec(path);
  if (m && Number(m[1]) === ORG_ID) return `/orgs/${store.org}${m[2] ?? ''}`;
  return path;
}

function commonHeaders(app: AppContext, req: Request, res: Response) {
  const requestId = app.nextRequestId();
  res.set({
    server: 'github.com',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': requestId,
    'access-control-allow-origin': '*',
    'access-control-expose-headers':
      'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
    'cache-control': 'private, max-age=60, s-maxage=60',
    vary: 'Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding',
    'x-frame-options': 'deny',
    'x-content-type-options': 'nosniff',
  });
  if (req.header('authorization')) {
    res.set({
      'x-oauth-scopes': 'read:org, repo',
      'x-accepted-oauth-scopes': '',
    });
  }
  return requestId;
}

function sendFault(ctx: RequestContext, fault: ActiveFault, requestId: string) {
  const status = fault.status!;
  const res = ctx.res;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  if (status === 403 || status === 429) {
    res.setHeader('retry-after', String(fault.retryAfterSeconds ?? 60));
    res
      .status(status)
      .end(
        JSON.stringify(
          errorBody(
            status,
            `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
            SECONDARY_DOCS,
          ),
        ),
      );
    return;
  }
  if (ctx.route.resource === 'graphql' && status === 502) {
    // What GitHub sends when a GraphQL query times out.
    res.status(502).end(
      JSON.stringify({
        data: null,
        errors: [
          {
            message: `Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include \`${requestId}\` when reporting this issue.`,
          },
        ],
      }),
    );
    return;
  }
  res.status(status).end(
    JSON.stringify({
      message: status === 503 ? 'Service Unavailable' : 'Server Error',
    }),
  );
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * One request through GitHub's layers, in GitHub's order: injected latency
 * and faults (the edge), authentication, the primary rate limit, then the
 * route. Every API request is counted in stats, whatever its outcome.
 */
export function apiPipeline(app: AppContext, router: Router) {
  return (req: Request, res: Response, next: NextFunction) => {
    handle(app, router, req, res).catch(next);
  };
}

async function handle(
  app: AppContext,
  router: Router,
  req: Request,
  res: Response,
) {
  const url = new URL(req.originalUrl, 'http://localhost');
  const path = rewriteAliases(app, url.pathname);
  const match = router.match(req.method, path);
  const route = match?.route ?? UNMATCHED;
  const ctx: RequestContext = {
    app,
    req,
    res,
    route,
    params: match?.params ?? {},
    query: url.searchParams,
  };
  let faulted = false;
  res.on('finish', () =>
    app.stats.record({
      route: match
        ? `${route.method} ${route.pattern}`
        : `${req.method} (unmatched)`,
      resource: route.resource,
      status: res.statusCode,
      graphql: ctx.graphql,
      rateLimited: ctx.rateLimited,
      faulted,
    }),
  );
  const requestId = commonHeaders(app, req, res);

  const decision = app.faults.decide(req.method, url.pathname + url.search);
  const delay = app.latencyMs + decision.latencyMs;
  if (delay > 0) await sleep(delay);
  if (decision.fault) {
    faulted = true;
    sendFault(ctx, decision.fault, requestId);
    return;
  }

  const authorization = req.header('authorization');
  if (
    !isAuthorized(authorization, app.token) &&
    !app.identities.tokenUser(authorization)
  ) {
    sendError(
      ctx,
      401,
      'Bad credentials',
      route.resource === 'graphql'
        ? 'https://docs.github.com/graphql'
        : 'https://docs.github.com/rest',
    );
    return;
  }

  if (route.resource === 'core' || route.resource === 'search') {
    const { ok, snapshot } = app.limiter.consume(route.resource);
    res.set(rateLimitHeaders(snapshot));
    if (!ok) {
      ctx.rateLimited = true;
      sendError(
        ctx,
        403,
        `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID ${requestId} and timestamp ${new Date()
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ' UTC')}.`,
        RATE_LIMIT_DOCS,
      );
      return;
    }
    ctx.charged = { resource: route.resource, cost: 1 };
  } else if (route.pattern === '/rate_limit') {
    // Reading the rate limit is free, and reports the core resource in its headers.
    res.set(rateLimitHeaders(app.limiter.peek('core')));
  }

  if (!match) {
    notFound(ctx);
    return;
  }
  await route.handler(ctx);
}
