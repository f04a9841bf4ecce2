import { createHash } from 'crypto';
import type { RequestContext } from './context';

export const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body: message, documentation_url and (since 2024) the status as a string. */
export function errorBody(status: number, message: string, docs: string) {
  return { message, documentation_url: docs, status: String(status) };
}

export function sendError(
  ctx: RequestContext,
  status: number,
  message: string,
  docs: string = ctx.route.docs,
  extra: Record<string, unknown> = {},
): void {
  ctx.res.status(status);
  ctx.res.setHeader('content-type', 'application/json; charset=utf-8');
  ctx.res.end(
    JSON.stringify({ ...errorBody(status, message, docs), ...extra }),
  );
}

export function notFound(ctx: RequestContext, message = 'Not Found'): void {
  sendError(ctx, 404, message);
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header
    .split(',')
    .some(t => t.trim() === '*' || strip(t) === strip(etag));
}

/**
 * Answers 304 when the client's validators still hold. GitHub does not
 * charge conditional requests that come back 304, so neither do we.
 */
export function notModified(
  ctx: RequestContext,
  etag: string,
  lastModified?: number,
): boolean {
  const inm = ctx.req.header('if-none-match');
  const ims = ctx.req.header('if-modified-since');
  let fresh = false;
  if (inm) fresh = etagMatches(inm, etag);
  else if (ims && lastModified !== undefined) {
    const since = Date.parse(ims);
    fresh =
      !Number.isNaN(since) && Math.floor(lastModified / 1000) * 1000 <= since;
  }
  if (!fresh) return false;
  if (ctx.charged) {
    ctx.app.limiter.refund(ctx.charged.resource, ctx.charged.cost);
    ctx.charged = undefined;
  }
  ctx.res.status(304);
  ctx.res.setHeader('etag', etag);
  ctx.res.end();
  return true;
}

export function sendJson(
  ctx: RequestContext,
  body: unknown,
  options: { status?: number; lastModified?: number } = {},
): void {
  const text = JSON.stringify(body);
  const etag = `W/"${createHash('sha256').update(text).digest('hex')}"`;
  if (options.lastModified !== undefined) {
    ctx.res.setHeader(
      'last-modified',
      new Date(options.lastModified).toUTCString(),
    );
  }
  if (
    (options.status ?? 200) === 200 &&
    notModified(ctx, etag, options.lastModified)
  ) {
    return;
  }
  ctx.res.status(options.status ?? 200);
  ctx.res.setHeader('content-type', 'application/json; charset=utf-8');
  ctx.res.setHeader('etag', etag);
  ctx.res.end(text);
}

export interface Page {
  page: number;
  perPage: number;
  start: number;
  end: number;
}

function intParam(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
}

/**
 * page/per_page as GitHub reads them (per_page capped at 100) and the Link
 * header as GitHub writes it: the request's own query with `page` replaced,
 * in the order prev, next, last, first.
 */
export function paginate(
  ctx: RequestContext,
  total: number,
  linkPath: string,
  options: { defaultPerPage?: number; maxTotal?: number } = {},
): Page {
  const perPage = Math.min(
    100,
    Math.max(
      1,
      intParam(ctx.query.get('per_page'), options.defaultPerPage ?? 30),
    ),
  );
  const page = Math.max(1, intParam(ctx.query.get('page'), 1));
  const reachable = Math.min(total, options.maxTotal ?? Infinity);
  const lastPage = Math.max(1, Math.ceil(reachable / perPage));
  const link = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of ctx.query) if (k !== 'page') q.append(k, v);
    q.append('page', String(p));
    return `<${ctx.app.baseUrl}${linkPath}?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${link(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) {
    parts.push(`${link(page + 1)}; rel="next"`);
    parts.push(`${link(lastPage)}; rel="last"`);
  }
  if (page > 1) parts.push(`${link(1)}; rel="first"`);
  if (parts.length > 0 && reachable > 0)
    ctx.res.setHeader('link', parts.join(', '));
  const start = (page - 1) * perPage;
  return { page, perPage, start, end: Math.min(start + perPage, reachable) };
}

export function iso(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

export function isoNN(ms: number): string {
  return iso(ms)!;
}
