import { badRequest } from '../http/errors';
import type { AppContext } from '../http/pipeline';
import { execute, QueryResult } from '../query/execute';
import type { ParsedQuery } from '../query/ast';
import { parseQuery } from '../query/parser';
import type { QueryInput } from '../query/input';
import { resolveRange } from '../query/time';

/** Validates the body's shape and the query; throws 400s with messages. */
export function queryInput(body: unknown): {
  input: QueryInput;
  parsed: ParsedQuery;
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(
      'Expected a JSON object such as { "queryString": "...", "start": "24hours", "end": "now" }',
    );
  }
  const input = body as QueryInput;
  if (typeof input.queryString !== 'string') {
    throw badRequest('queryString is required and must be a string');
  }
  for (const key of ['start', 'end'] as const) {
    const v = input[key];
    if (v !== undefined && typeof v !== 'string' && typeof v !== 'number') {
      throw badRequest(
        `${key} must be a relative time string (e.g. "24hours") or milliseconds since the epoch`,
      );
    }
  }
  if (input.isLive !== undefined && typeof input.isLive !== 'boolean') {
    throw badRequest('isLive must be a boolean');
  }
  // Validates the time specification too (400 on a bad one).
  resolveRange(input, Date.now());
  return { input, parsed: parseQuery(input.queryString) };
}

export interface QueryRun {
  result: QueryResult;
  start: number;
  end: number;
  now: number;
  timeMillis: number;
}

/** Runs a query against a repository now (query jobs run again on each poll). */
export function runQuery(
  app: AppContext,
  repo: string,
  input: QueryInput,
  parsed: ParsedQuery,
): QueryRun {
  const began = Date.now();
  const now = app.now();
  const { start, end } = resolveRange(input, now);
  const events = app.store.events(repo, start, end, now);
  const result = execute(parsed, events);
  app.stats.query();
  return { result, start, end, now, timeMillis: Date.now() - began };
}
