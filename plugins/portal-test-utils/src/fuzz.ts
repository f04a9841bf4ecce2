import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import {
  deepJson,
  encodeLoose,
  encodeQuery,
  HOSTILE_SEGMENTS,
  hostileJson,
  hostileString,
  HostileRequest,
  JSON_TYPE,
  jsonPaths,
  MiB,
  replaceAt,
  RouteExample,
  wrongType,
} from './hostile';
import { FuzzRoute, listRoutes, routeMatches } from './routes';

export interface FuzzOptions {
  /** `startTestBackend(...).server`. */
  server: Server;
  pluginId: string;
  /** Only routes under `/api/<pluginId><prefix>` (a module's share of a plugin). */
  prefix?: string;
  /**
   * Valid input per route, keyed `METHOD /path` relative to the plugin
   * (`POST /replays`), so attacks reach past the first validation.
   */
  examples?: Record<string, RouteExample>;
  /** Generated requests per route on top of the fixed ones (default 25). */
  runsPerRoute?: number;
  /** fast-check seed; fixed so every run sends the same requests. */
  seed?: number;
  /** Authorization header (default: the mock signed-in user). */
  authorization?: string;
  /**
   * A request without an answer after this long is a stall. It bounds a
   * hang, it does not measure speed: keep it far above any honest latency.
   */
  stallMs?: number;
  /** A valid request relative to the plugin that must answer 2xx afterwards. */
  healthCheck: { method?: string; path: string };
}

export interface FuzzFailure {
  route: string;
  request: string;
  problem: string;
  status?: number;
  body?: string;
}

export interface FuzzReport {
  routes: FuzzRoute[];
  unfuzzable: string[];
  requests: number;
  /** How often each status was answered. */
  statuses: Record<number, number>;
  failures: FuzzFailure[];
}

interface Answer {
  status?: number;
  body: string;
  /** Bytes of the whole body; only the first KEPT_BODY are kept. */
  size: number;
  contentType?: string;
  error?: string;
  ms: number;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEPT_BODY = 1024 * 1024;
/** An error says why in a few lines; a bigger one echoes what it was sent. */
const MAX_ERROR_BODY = 64 * 1024;
const MAX_URL = 13 * 1024;

function send(
  port: number,
  method: string,
  path: string,
  req: HostileRequest,
  stallMs: number,
): Promise<Answer> {
  const started = performance.now();
  return new Promise(resolve => {
    let settled = false;
    const done = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...answer, ms: performance.now() - started });
    };
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) {
      headers['content-length'] = Buffer.byteLength(req.body);
    }
    const client = httpRequest(
      { host: '127.0.0.1', port, method, path, headers },
      res => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < KEPT_BODY) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          done({
            status: res.statusCode,
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
            size,
          }),
        );
        res.on('error', error =>
          done({ body: '', size, error: error.message }),
        );
      },
    );
    client.setTimeout(stallMs, () => {
      done({ body: '', size: 0, error: `no answer within ${stallMs} ms` });
      client.destroy();
    });
    // A server may answer (413) and close before a large body is sent.
    client.on('error', error =>
      done({ body: '', size: 0, error: error.message }),
    );
    client.end(req.body);
  });
}

function paramNames(template: string): string[] {
  return template
    .split('/')
    .filter(s => s.startsWith(':'))
    .map(s => s.slice(1));
}

function defaultParams(template: string, example?: RouteExample) {
  return Object.fromEntries(
    paramNames(template).map(name => [
      name,
      encodeLoose(
        example?.params?.[name] ?? (name === 'namespace' ? 'default' : 'x'),
      ),
    ]),
  );
}

function jsonBody(body: unknown, label: string): Partial<HostileRequest> {
  return {
    headers: { 'content-type': JSON_TYPE },
    body: JSON.stringify(body) ?? 'null',
    label,
  };
}

/** Requests every route gets: the known ways to break a backend. */
function fixedCases(route: FuzzRoute, example?: RouteExample) {
  const params = defaultParams(route.path, example);
  const query = example?.query ?? {};
  const body = example?.body;
  const validQuery = encodeQuery(query);
  const base: HostileRequest = {
    params,
    query: validQuery,
    headers: body === undefined ? {} : { 'content-type': JSON_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
    label: 'valid',
  };
  const cases: HostileRequest[] = [base];
  const add = (patch: Partial<HostileRequest>) =>
    cases.push({ ...base, ...patch });

  for (const name of Object.keys(params)) {
    for (const segment of HOSTILE_SEGMENTS) {
      add({
        params: { ...params, [name]: segment },
        label: `param ${name}=${segment.slice(0, 40)}`,
      });
    }
  }

  const sep = validQuery ? '&' : '';
  add({ query: `${validQuery}${sep}unknownField=1`, label: 'unknown query' });
  add({ query: `${'k'.repeat(10 * 1024)}=1`, label: '10 KB query key' });
  add({
    query: Array.from({ length: 1500 }, (_, i) => `p${i}=${i}`).join('&'),
    label: '1500 query parameters',
  });
  add({ query: 'a[b][c][d][e][f][g]=1&a[]=2', label: 'nested query' });
  add({ query: '%=%&%zz=%ED%A0%80', label: 'malformed query encoding' });
  for (const key of Object.keys(query)) {
    const others = { ...query };
    delete others[key];
    const rest = encodeQuery(others);
    // Appended to the valid value, so the attack is not refused for
    // something else first (a length or a format).
    const valid = encodeLoose(String([query[key]].flat()[0] ?? 'a'));
    const attacks: Array<[string, string]> = [
      ['NUL', `${key}=${valid}%00`],
      ['lone surrogate', `${key}=${valid}%ED%A0%80`],
      ['repeated', `${key}=a&${key}=b`],
      ['nested', `${key}[x][y]=1`],
      ['10 KB', `${key}=${'v'.repeat(10 * 1024)}`],
      ['empty', `${key}=`],
    ];
    for (const [what, attack] of attacks) {
      add({
        query: rest ? `${rest}&${attack}` : attack,
        label: `query ${key}: ${what}`,
      });
    }
  }

  if (!BODY_METHODS.has(route.method)) return cases;

  const raw = (
    text: string | Buffer,
    type: string | undefined,
    label: string,
  ) =>
    add({ headers: type ? { 'content-type': type } : {}, body: text, label });
  raw(deepJson('array'), JSON_TYPE, 'body: arrays nested 10,000 deep');
  raw(deepJson('object'), JSON_TYPE, 'body: objects nested 10,000 deep');
  raw('{"ids": [1, 2,', JSON_TYPE, 'body: malformed JSON');
  raw(
    `{"x": "${'m'.repeat(500 * 1024)}`,
    JSON_TYPE,
    'body: 500 KB unterminated',
  );
  raw('', JSON_TYPE, 'body: empty JSON');
  raw(JSON.stringify({ x: 'z'.repeat(MiB) }), JSON_TYPE, 'body: 1 MB string');
  raw(Buffer.alloc(3 * MiB, 0x20), JSON_TYPE, 'body: 3 MB of spaces');
  raw(JSON.stringify(body ?? {}), 'text/plain', 'body: text/plain');
  raw('a=b&c[d]=e', 'application/x-www-form-urlencoded', 'body: form');
  raw('{}', 'application/json; charset=utf-16', 'body: utf-16 charset');
  raw('--x\r\n\r\n--x--', 'multipart/form-data; boundary=x', 'body: multipart');
  raw(JSON.stringify(body ?? {}), undefined, 'body: no content type');
  raw(Buffer.from([0xff, 0xfe, 0x00, 0x7b]), JSON_TYPE, 'body: binary');
  for (const value of [null, [], 'text', 0, true]) {
    add(jsonBody(value, `body: ${JSON.stringify(value)}`));
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    add(jsonBody({ ...body, unknownField: 1 }, 'body: unknown field'));
    add(jsonBody({ ...body, __proto__x: { a: 1 } }, 'body: odd field name'));
    add(jsonBody([body], 'body: wrapped in an array'));
  }
  for (const path of jsonPaths(body)) {
    const at = path.join('.');
    const value = path.reduce<any>((node, key) => node[key], body);
    const text = typeof value === 'string' ? value : 'a';
    const attacks: Array<[string, unknown]> = [
      ['wrong type', wrongType(value)],
      ['NUL', `${text}\u0000`],
      ['lone surrogate', `${text}\ud800`],
      ['10 KB string', 's'.repeat(10 * 1024)],
      ['nested 100 deep', JSON.parse(deepJson('array', 100))],
    ];
    for (const [what, replacement] of attacks) {
      add(jsonBody(replaceAt(body, path, replacement), `body ${at}: ${what}`));
    }
    add(jsonBody(replaceAt(body, path, undefined, true), `body ${at}: absent`));
  }
  return cases;
}

/** Generated requests: hostile values in parameters, query and body at once. */
function generatedCases(
  route: FuzzRoute,
  example: RouteExample | undefined,
  runs: number,
  seed: number,
): HostileRequest[] {
  const params = defaultParams(route.path, example);
  // Node refuses request heads over 16 KB before any route sees them.
  const paramBudget = Math.floor(
    MAX_URL / 2 / Math.max(1, Object.keys(params).length),
  );
  const queryKeys = Object.keys(example?.query ?? {});
  const paths = jsonPaths(example?.body);
  const hasBody = BODY_METHODS.has(route.method);

  const paramArb = fc.record(
    Object.fromEntries(
      Object.entries(params).map(([name, valid]) => [
        name,
        fc.oneof(
          fc.constant(valid),
          fc.constantFrom(
            ...HOSTILE_SEGMENTS.map(h => h.slice(0, paramBudget)),
          ),
          hostileString
            .filter(s => s.length > 0)
            .map(s => encodeLoose(s).slice(0, paramBudget)),
        ),
      ]),
    ),
  );
  const queryArb = fc
    .dictionary(
      fc.oneof(fc.constantFrom('unknown', ...queryKeys), fc.string()),
      fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })),
      { maxKeys: 4 },
    )
    .map(q => encodeQuery({ ...example?.query, ...q }));
  const bodyArb: fc.Arbitrary<unknown> =
    paths.length > 0
      ? fc.oneof(
          fc
            .tuple(fc.constantFrom(...paths), hostileJson)
            .map(([path, value]) => replaceAt(example?.body, path, value)),
          hostileJson,
        )
      : hostileJson;

  return fc
    .sample(
      fc.record({
        params: paramArb,
        query: queryArb,
        body: hasBody ? bodyArb : fc.constant(undefined),
      }),
      { seed, numRuns: runs },
    )
    .map(
      (sample): HostileRequest => ({
        params: sample.params,
        // Node refuses request heads over 16 KB before any route sees them.
        query: sample.query.slice(
          0,
          Math.max(0, MAX_URL - Object.values(sample.params).join('/').length),
        ),
        headers: hasBody ? { 'content-type': JSON_TYPE } : {},
        body: hasBody ? JSON.stringify(sample.body) ?? 'null' : undefined,
        label: `generated: body ${String(
          hasBody ? JSON.stringify(sample.body) : '-',
        ).slice(0, 120)}`,
      }),
    );
}

function pathOf(route: FuzzRoute, req: HostileRequest): string {
  const path = route.path
    .split('/')
    .map(s => (s.startsWith(':') ? req.params[s.slice(1)] : s))
    .join('/');
  return req.query ? `${path}?${req.query}` : path;
}

/** Why an answer is wrong, or undefined when it is fine. */
function judge(
  route: FuzzRoute,
  path: string,
  answer: Answer,
): string | undefined {
  if (answer.error || answer.status === undefined) {
    return `no answer: ${answer.error}`;
  }
  const status = answer.status;
  if (status >= 500) return `answered ${status}`;
  if (status < 400) return undefined;
  if (answer.size > MAX_ERROR_BODY) {
    return `answered ${status} with a ${answer.size}-byte error body`;
  }
  // Paths no route takes (a `..` can end in another route) fall through to
  // the framework's empty 404.
  if (status === 404 && !answer.body && !routeMatches(route.path, path)) {
    return undefined;
  }
  let message: unknown;
  try {
    message = JSON.parse(answer.body)?.error?.message;
  } catch {
    message = undefined;
  }
  if (typeof message !== 'string' || message.trim() === '') {
    return `answered ${status} without a JSON error message`;
  }
  return undefined;
}

/**
 * Calls every route of a plugin in a running test backend with hostile
 * requests (fixed ones every route gets, plus generated ones from a fixed
 * seed) and reports every answer that is a 5xx, a 4xx without a JSON error
 * message, or no answer at all; then checks the backend still answers a
 * plain request.
 */
export async function fuzzRoutes(options: FuzzOptions): Promise<FuzzReport> {
  const { server, pluginId } = options;
  const stallMs = options.stallMs ?? 15_000;
  const seed = options.seed ?? 14;
  const runs = options.runsPerRoute ?? 25;
  const port = (server.address() as AddressInfo).port;
  const authorization = options.authorization ?? mockCredentials.user.header();
  const base = `/api/${pluginId}`;
  const listing = listRoutes(server, pluginId, options.prefix);
  const report: FuzzReport = {
    ...listing,
    requests: 0,
    statuses: {},
    failures: [],
  };

  for (const [index, route] of listing.routes.entries()) {
    const key = `${route.method} ${route.path.slice(base.length)}`;
    const example = options.examples?.[key];
    const cases = [
      ...fixedCases(route, example),
      ...generatedCases(route, example, runs, seed + index),
    ];
    for (const req of cases) {
      const path = pathOf(route, req);
      const answer = await send(
        port,
        route.method,
        path,
        { ...req, headers: { authorization, ...req.headers } },
        stallMs,
      );
      report.requests++;
      if (answer.status) {
        report.statuses[answer.status] =
          (report.statuses[answer.status] ?? 0) + 1;
      }
      const problem =
        judge(route, path, answer) ??
        (answer.ms > stallMs ? `answered after ${answer.ms} ms` : undefined);
      if (problem) {
        report.failures.push({
          route: key,
          request: `${req.label} (${path.slice(0, 160)})`,
          problem,
          status: answer.status,
          body: answer.body.slice(0, 300),
        });
      }
    }
  }

  const { method = 'GET', path } = options.healthCheck;
  const health = await send(
    port,
    method,
    `${base}${path}`,
    { params: {}, query: '', headers: { authorization }, label: 'health' },
    stallMs,
  );
  if (!health.status || health.status >= 300) {
    report.failures.push({
      route: `${method} ${path}`,
      request: 'plain request after the fuzzing',
      problem: `the backend no longer answers: ${
        health.status ?? health.error
      }`,
      status: health.status,
      body: health.body.slice(0, 300),
    });
  }
  return report;
}

/**
 * One line per route and problem, with how often it happened and the first
 * request that showed it: what a test prints when the fuzzer finds something.
 */
export function summarizeFailures(report: FuzzReport): string[] {
  const byProblem = new Map<string, { count: number; first: FuzzFailure }>();
  for (const failure of report.failures) {
    const key = `${failure.route}: ${failure.problem}`;
    const seen = byProblem.get(key);
    if (seen) seen.count++;
    else byProblem.set(key, { count: 1, first: failure });
  }
  return [...byProblem.entries()].map(
    ([key, { count, first }]) =>
      `${key} (${count}x), e.g. ${first.request.slice(0, 200)} -> ${
        first.body?.slice(0, 200) ?? ''
      }`,
  );
}
