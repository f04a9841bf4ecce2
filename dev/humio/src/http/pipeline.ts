import type { NextFunction, Request, Response } from 'express';
import type { Store } from '../data/store';
import type { QueryJobs } from '../api/jobs';
import { badRequest, HttpError, unauthorized } from './errors';
import type { Stats } from './stats';

export interface AppContext {
  store: Store;
  apiToken: string;
  /** token -> repository */
  ingestTokens: Map<string, string>;
  stats: Stats;
  jobs: QueryJobs;
  state: { down: boolean; latencyMs: number };
  now(): number;
}

export interface RequestContext {
  app: AppContext;
  req: Request;
  res: Response;
  params: Record<string, string>;
  /** The raw request body ('' when none). */
  body: string;
  /** Ingest routes: the repository the ingest token belongs to. */
  ingestRepo?: string;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path template, e.g. /api/v1/repositories/{repo}/query (the stats key). */
  path: string;
  /** `api`: Bearer API token; `ingest`: Bearer ingest token; `none`. */
  auth: 'api' | 'ingest' | 'none';
  handler(ctx: RequestContext): void | Promise<void>;
}

interface CompiledRoute extends RouteDef {
  regex: RegExp;
  names: string[];
}

function compile(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map(part => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}/?$`), names };
}

/** Parses the body as JSON, or answers 400 with what is wrong. */
export function jsonBody(ctx: RequestContext): unknown {
  if (ctx.body.trim() === '') {
    throw badRequest('The request body is empty; expected JSON');
  }
  try {
    return JSON.parse(ctx.body);
  } catch (e) {
    throw badRequest(
      `Could not parse the request body as JSON: ${(e as Error).message}`,
    );
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function bearer(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '');
  return m?.[1];
}

export function sendError(res: Response, status: number, message: string) {
  res.status(status).type('text/plain; charset=utf-8').send(message);
}

/**
 * Every API request: matched to a route (for stats), refused with 503 while
 * the server is down, delayed by the configured latency, authenticated,
 * then handled. Errors are answered in plain text, as Humio does.
 */
export function apiPipeline(app: AppContext, routes: RouteDef[]) {
  const compiled = routes.map(compile);
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/')) {
      next();
      return;
    }
    let route: CompiledRoute | undefined;
    let params: Record<string, string> = {};
    let pathMatched = false;
    for (const r of compiled) {
      const m = r.regex.exec(req.path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== req.method) continue;
      route = r;
      params = Object.fromEntries(r.names.map((n, i) => [n, decode(m[i + 1])]));
      break;
    }
    const endpoint = route
      ? `${route.method} ${route.path}`
      : `${req.method} (unmatched)`;
    res.on('finish', () =>
      app.stats.record(endpoint, res.statusCode, route?.auth === 'ingest'),
    );
    try {
      if (app.state.down) {
        app.stats.rejectedWhileDown();
        sendError(
          res,
          503,
          'Service Unavailable: the local Humio is set down (/_control/down)',
        );
        return;
      }
      if (app.state.latencyMs > 0) {
        await new Promise(r => setTimeout(r, app.state.latencyMs));
      }
      if (!route) {
        if (pathMatched)
          sendError(res, 405, `Method ${req.method} not allowed`);
        else sendError(res, 404, `No such endpoint: ${req.method} ${req.path}`);
        return;
      }
      const ctx: RequestContext = {
        app,
        req,
        res,
        params,
        body: typeof req.body === 'string' ? req.body : '',
      };
      const token = bearer(req);
      if (route.auth === 'api') {
        if (token === undefined) {
          throw unauthorized(
            'Missing API token: send Authorization: Bearer <token>',
          );
        }
        if (token !== app.apiToken) throw unauthorized('Invalid API token');
      } else if (route.auth === 'ingest') {
        if (token === undefined) {
          throw unauthorized(
            'Missing ingest token: send Authorization: Bearer <ingest token>',
          );
        }
        const repo = app.ingestTokens.get(token);
        if (repo === undefined) throw unauthorized('Invalid ingest token');
        ctx.ingestRepo = repo;
      }
      await route.handler(ctx);
    } catch (e) {
      if (res.headersSent) {
        res.end();
      } else if (e instanceof HttpError) {
        sendError(res, e.status, e.message);
      } else {
        // eslint-disable-next-line no-console
        console.error('local Humio: unexpected error', e);
        sendError(res, 500, 'Internal server error');
      }
    }
  };
}
