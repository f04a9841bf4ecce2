import type { Response } from 'express';
import { parseRawJson, parseStructured } from '../data/events';
import { badRequest } from '../http/errors';
import {
  jsonBody,
  RequestContext,
  RouteDef,
  sendError,
} from '../http/pipeline';
import type { Row } from '../query/execute';
import { queryInput, QueryRun, runQuery } from './run';

export const HUMIO_VERSION = '1.0.0-local';

// ---------------------------------------------------------------------------
// Ingest

function ingest(ctx: RequestContext, parse: typeof parseStructured) {
  const repo = ctx.ingestRepo!;
  const events = parse(jsonBody(ctx), repo, ctx.app.now());
  ctx.app.store.add(repo, events);
  ctx.app.stats.eventsAccepted(events.length);
  ctx.res.status(200).json({});
}

export const ingestRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/api/v1/ingest/humio-structured',
    auth: 'ingest',
    handler: ctx => ingest(ctx, parseStructured),
  },
  {
    method: 'POST',
    path: '/api/v1/ingest/json',
    auth: 'ingest',
    handler: ctx => ingest(ctx, parseRawJson),
  },
];

// ---------------------------------------------------------------------------
// Queries

/** text/plain: @rawstring per line, or `a->hello, b->world` for rows without one. */
function plainLine(row: Row): string {
  if (row['@rawstring'] !== undefined) return String(row['@rawstring']);
  return Object.entries(row)
    .map(([k, v]) => `${k}->${v}`)
    .join(', ');
}

/** The Accept header picks the format, as in Humio's search API (default text/plain). */
function sendRows(ctx: RequestContext, rows: Row[]) {
  const res: Response = ctx.res;
  const type = ctx.req.accepts([
    'text/plain',
    'application/json',
    'application/x-ndjson',
  ]);
  const lines = (f: (r: Row) => string) => rows.map(r => `${f(r)}\n`).join('');
  if (type === 'application/json') {
    res.status(200).json(rows);
  } else if (type === 'application/x-ndjson') {
    res
      .status(200)
      .type('application/x-ndjson')
      .send(lines(r => JSON.stringify(r)));
  } else if (type === 'text/plain') {
    res.status(200).type('text/plain; charset=utf-8').send(lines(plainLine));
  } else {
    sendError(
      res,
      406,
      'Not Acceptable: use Accept: application/json, application/x-ndjson or text/plain',
    );
  }
}

/** Humio's metaData object for a query-job poll. */
function metaData(run: QueryRun, input: Record<string, unknown>) {
  const { result, start, end, now, timeMillis } = run;
  return {
    costs: { liveCost: 0, liveCostRate: 0, staticCost: 0, staticCostRate: 0 },
    digestFlow: {
      ingestTimeKnownGood: now,
      maxIngestLatency: 0,
      minIngestTimeIncluded: now,
    },
    eventCount: result.rows.length,
    extraData: { hasMoreEvents: String(result.hasMoreEvents) },
    fieldOrder: result.fieldOrder,
    filterQuery: {
      allowEventSkipping: false,
      arguments: {},
      isLive: false,
      ...input,
    },
    isAggregate: result.isAggregate,
    pollAfter: 1000,
    processedBytes: result.processedBytes,
    processedEvents: result.processedEvents,
    queryStart: start,
    queryEnd: end,
    resultBufferSize: result.rows.length,
    timeMillis,
    totalWork: 1,
    workDone: 1,
  };
}

export const queryRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/api/v1/repositories/{repo}/query',
    auth: 'api',
    handler: ctx => {
      const repo = ctx.params.repo;
      ctx.app.store.check(repo);
      const { input, parsed } = queryInput(jsonBody(ctx));
      if (input.isLive) {
        throw badRequest(
          'Live queries are not supported by this local Humio on /query; use /queryjobs',
        );
      }
      const run = runQuery(ctx.app, repo, input, parsed);
      sendRows(ctx, run.result.rows);
    },
  },
  {
    method: 'POST',
    path: '/api/v1/repositories/{repo}/queryjobs',
    auth: 'api',
    handler: ctx => {
      const repo = ctx.params.repo;
      ctx.app.store.check(repo);
      const { input, parsed } = queryInput(jsonBody(ctx));
      const job = ctx.app.jobs.create(repo, input, parsed);
      ctx.res
        .status(200)
        .json({ id: job.id, hashedQueryOnView: job.hashedQueryOnView });
    },
  },
  {
    method: 'GET',
    path: '/api/v1/repositories/{repo}/queryjobs/{id}',
    auth: 'api',
    handler: ctx => {
      const repo = ctx.params.repo;
      ctx.app.store.check(repo);
      const job = ctx.app.jobs.get(repo, ctx.params.id);
      const run = runQuery(ctx.app, repo, job.input, job.parsed);
      ctx.res.status(200).json({
        cancelled: false,
        // A live job keeps running until deleted; a static one is done at once.
        done: !job.input.isLive,
        events: run.result.rows,
        metaData: metaData(run, job.input),
      });
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/repositories/{repo}/queryjobs/{id}',
    auth: 'api',
    handler: ctx => {
      const repo = ctx.params.repo;
      ctx.app.store.check(repo);
      ctx.app.jobs.delete(repo, ctx.params.id);
      ctx.res.status(204).end();
    },
  },
];

// ---------------------------------------------------------------------------
// Status

export const statusRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/api/v1/status',
    auth: 'none',
    handler: ctx => {
      ctx.res.status(200).json({ status: 'OK', version: HUMIO_VERSION });
    },
  },
];
