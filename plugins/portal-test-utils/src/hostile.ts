import fc from 'fast-check';

/** What a route needs to be reached with otherwise valid input. */
export interface RouteExample {
  /** Path parameters; a missing one is `x` (`default` for `namespace`). */
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  /** A valid JSON body; each of its fields is attacked in turn. */
  body?: unknown;
}

/** One request to send: raw path and query, headers, raw body. */
export interface HostileRequest {
  /** Path template parameters substituted, already percent-encoded. */
  params: Record<string, string>;
  /** The query string after `?`, already encoded; empty for none. */
  query: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Short description for failure reports. */
  label: string;
}

export const MiB = 1024 * 1024;
const TEN_KB = 10 * 1024;
export const DEEP = 10_000;

/**
 * Percent-encodes a string as WTF-8: lone surrogates become the three bytes
 * they would have had, which is invalid UTF-8 on the wire, the way a hostile
 * client would send them (encodeURIComponent throws on them instead).
 */
export function encodeLoose(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text[i] + text[i + 1]);
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f)]
        .concat(0x80 | (unit & 0x3f))
        .map(b => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

/** Raw (already encoded) path segments nobody should have to handle. */
export const HOSTILE_SEGMENTS = [
  '%00',
  'a%00b',
  '..',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%',
  '%zz',
  '%ED%A0%80',
  '%F0%9F%92%A9',
  '%20',
  '-1',
  '99999999999999999999999',
  '__proto__',
  'x'.repeat(TEN_KB),
];

/** Strings that have broken parsers, databases and templates before. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 8 }).map(s => `${s}\u0000${s}`),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\udfffb',
    '..',
    '../../etc/passwd',
    '%00',
    '%',
    '__proto__',
    'constructor',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '{{',
    `{{${' '.repeat(4000)}`,
    '-1',
    '1e400',
    'NaN',
    '2026-13-45T99:99:99Z',
    '00000000-0000-0000-0000-000000000000',
    'component:default/x',
    'group:default/squad-aura',
  ),
  fc.constant('y'.repeat(TEN_KB)),
);

const hostileKey = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', ''),
);

const hostileLeaf = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -0, 2 ** 53 + 2, 0.5, -1),
);

/** Any JSON value, weighted towards odd ones. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value of another JSON type than `value`. */
export function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return '1';
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return { 0: value[0] ?? null };
  if (value === null) return {};
  return [value];
}

type JsonPath = Array<string | number>;

/** Every path into a JSON value, leaves and containers. */
export function jsonPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths.push(...jsonPaths(v, [...prefix, i])));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      paths.push(...jsonPaths(v, [...prefix, k]));
    }
  }
  return paths;
}

/** A copy of `value` with the value at `path` replaced (or deleted). */
export function replaceAt(
  value: unknown,
  path: JsonPath,
  replacement: unknown,
  remove = false,
): unknown {
  if (path.length === 0) return replacement;
  const copy = JSON.parse(JSON.stringify(value));
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  if (remove && Array.isArray(node)) node.splice(Number(last), 1);
  else if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** `depth` nested arrays or objects as raw JSON text (too deep to stringify). */
export function deepJson(kind: 'array' | 'object', depth = DEEP): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Encodes query parameters; arrays repeat the key. Keys are not encoded when `rawKeys`. */
export function encodeQuery(
  query: Record<string, unknown>,
  rawKeys = false,
): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const k = rawKeys ? key : encodeLoose(key);
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(`${k}=${encodeLoose(typeof v === 'string' ? v : String(v))}`);
    }
  }
  return parts.join('&');
}

export const JSON_TYPE = 'application/json';
