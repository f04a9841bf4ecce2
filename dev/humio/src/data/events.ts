import { badRequest } from '../http/errors';
import { mix, salt } from '@internal/dev-kit';

/**
 * An event as Humio returns it: every field a string, except `@timestamp`
 * (milliseconds since the epoch, UTC). Tags are `#name` fields, metadata
 * `@name` fields, attributes flattened (`a.b`, `list[0]`).
 */
export type HumioEvent = { '@timestamp': number } & Record<
  string,
  string | number
>;

let idCounter = 0;

/** An `@id` in Humio's shape (`<24 chars>_<n>_<epoch seconds>`). */
export function eventId(repo: string, timestamp: number): string {
  idCounter++;
  const a = mix(idCounter, salt(repo), timestamp).toString(36);
  const b = mix(timestamp, idCounter, 7).toString(36);
  const c = mix(salt(repo), idCounter, 13).toString(36);
  const id = `${a}${b}${c}`.padEnd(24, '0').slice(0, 24);
  return `${id}_${idCounter % 1000}_${Math.floor(timestamp / 1000)}`;
}

/** Flattens JSON into Humio fields: `a.b` for objects, `a[0]` for arrays; nulls are dropped. */
export function flatten(
  value: unknown,
  prefix: string,
  out: Record<string, string | number>,
): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (prefix) {
    out[prefix] = String(value);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseTimestamp(value: unknown, where: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw badRequest(`${where}.timestamp must be a finite number`);
    }
    return Math.floor(value);
  }
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      throw badRequest(
        `${where}.timestamp '${value}' is not an ISO 8601 date-time or milliseconds since the epoch`,
      );
    }
    return ms;
  }
  if (value === undefined) throw badRequest(`${where}.timestamp is required`);
  throw badRequest(
    `${where}.timestamp must be an ISO 8601 string or milliseconds since the epoch`,
  );
}

/**
 * `POST /api/v1/ingest/humio-structured`: an array of
 * `{ tags?, events: [{ timestamp, timezone?, attributes?, rawstring? }] }`.
 * Without `rawstring`, `@rawstring` is the attributes as JSON (as in Humio).
 */
export function parseStructured(
  body: unknown,
  repo: string,
  ingestTime: number,
): HumioEvent[] {
  if (!Array.isArray(body)) {
    throw badRequest(
      'Expected a JSON array of { "tags": {...}, "events": [...] } objects',
    );
  }
  const out: HumioEvent[] = [];
  body.forEach((batch, b) => {
    const where = `[${b}]`;
    if (!isObject(batch)) throw badRequest(`${where} must be an object`);
    const tags = batch.tags ?? {};
    if (!isObject(tags)) throw badRequest(`${where}.tags must be an object`);
    for (const [k, v] of Object.entries(tags)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) {
        throw badRequest(`${where}.tags.${k} must be a string`);
      }
    }
    if (!Array.isArray(batch.events)) {
      throw badRequest(`${where}.events must be an array`);
    }
    batch.events.forEach((event: unknown, e: number) => {
      const at = `${where}.events[${e}]`;
      if (!isObject(event)) throw badRequest(`${at} must be an object`);
      const timestamp = parseTimestamp(event.timestamp, at);
      const { timezone, attributes, rawstring } = event;
      if (timezone !== undefined && typeof timezone !== 'string') {
        throw badRequest(`${at}.timezone must be a string`);
      }
      if (attributes !== undefined && !isObject(attributes)) {
        throw badRequest(`${at}.attributes must be an object`);
      }
      if (rawstring !== undefined && typeof rawstring !== 'string') {
        throw badRequest(`${at}.rawstring must be a string`);
      }
      const fields: Record<string, string | number> = {};
      flatten(attributes ?? {}, '', fields);
      for (const [k, v] of Object.entries(tags)) fields[`#${k}`] = String(v);
      out.push({
        ...fields,
        '@timestamp': timestamp,
        '@timezone': (timezone as string | undefined) ?? 'Z',
        '@rawstring':
          (rawstring as string | undefined) ?? JSON.stringify(attributes ?? {}),
        '@id': eventId(repo, timestamp),
        '@ingesttimestamp': String(ingestTime),
        '#repo': repo,
      });
    });
  });
  return out;
}

/**
 * `POST /api/v1/ingest/json`: one JSON value or an array of them, one event
 * each; fields are the flattened object, `@rawstring` its JSON, and the
 * time is the ingest time (no parser assigns one here).
 */
export function parseRawJson(
  body: unknown,
  repo: string,
  ingestTime: number,
): HumioEvent[] {
  const items = Array.isArray(body) ? body : [body];
  return items.map(item => {
    const fields: Record<string, string | number> = {};
    if (isObject(item) || Array.isArray(item)) flatten(item, '', fields);
    return {
      ...fields,
      '@timestamp': ingestTime,
      '@timezone': 'Z',
      '@rawstring': typeof item === 'string' ? item : JSON.stringify(item),
      '@id': eventId(repo, ingestTime),
      '@ingesttimestamp': String(ingestTime),
      '#repo': repo,
    };
  });
}
