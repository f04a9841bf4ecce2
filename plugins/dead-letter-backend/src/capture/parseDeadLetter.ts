import { createHash } from 'node:crypto';
import type {
  BodyEncoding,
  DeathRecord,
} from '@internal/backstage-plugin-dead-letter-common';
import { toJsonSafeObject } from '@internal/amqp-node';
import { BODY_TEXT_LIMIT, type CapturedDeadLetter } from '../database/types';

/**
 * The parts of an amqplib `ConsumeMessage` that capture reads. Structural, so
 * that this module does not depend on amqplib; an amqplib `ConsumeMessage`
 * is assignable to it.
 */
export type RawDeadLetterMessage = {
  content: Buffer;
  fields: { redelivered: boolean };
  properties: {
    headers?: Record<string, any>;
    [key: string]: any;
  };
};

/** Where a message was captured. */
export type DeadLetterCaptureContext = {
  environment: string;
  deadLetterQueue: string;
  /**
   * Headers that name the message's type when its `type` property is empty,
   * in the order they are looked for (default
   * {@link DEFAULT_MESSAGE_TYPE_HEADERS}).
   */
  messageTypeHeaders?: ReadonlyArray<string>;
};

/**
 * Where producers that leave the AMQP `type` property empty put the type
 * (names match case-insensitively; the first non-empty one wins).
 */
export const DEFAULT_MESSAGE_TYPE_HEADERS: ReadonlyArray<string> = [
  'event-name',
  'eventName',
  'event-type',
  'eventType',
  'message-type',
  'messageType',
  'x-event-name',
  'x-message-type',
];

/**
 * Headers that name the type of the exception a consumer failed with, in the
 * order they are looked for (names match case-insensitively). The first one
 * with a non-empty value wins; its first line is used.
 */
export const EXCEPTION_TYPE_HEADERS = [
  'x-exception-type',
  'exception-type',
  'x-exception',
  'MT-Fault-ExceptionType',
  'NServiceBus.ExceptionInfo.ExceptionType',
] as const;

/**
 * Headers the broker itself changes when it redelivers a message (quorum
 * queues count deliveries in `x-delivery-count`; RabbitMQ 4 also counts
 * acquisitions in `x-acquired-count`). They are stored but left out of the
 * content hash, so that a redelivery hashes like the first delivery.
 */
export const REDELIVERY_HEADERS: ReadonlyArray<string> = [
  'x-delivery-count',
  'x-acquired-count',
];

export const REPLAY_COUNT_HEADER = 'x-portal-replay-count';
export const REPLAY_JOB_HEADER = 'x-portal-replay-job';
export const DEAD_LETTER_ID_HEADER = 'x-portal-dead-letter-id';

/**
 * Longest value kept for the short string columns (queues, exchange, reason,
 * message id and type, content type and encoding, exception type, replay
 * ids). AMQP short strings are at most 255 bytes anyway; headers are not.
 */
export const SHORT_STRING_LIMIT = 255;

const MAX_INT32 = 2147483647;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * Parses a message consumed from a dead-letter queue. Never throws: whatever
 * the headers hold, a record comes back, with defaults where a value is
 * missing or malformed.
 */
export function parseDeadLetter(
  message: RawDeadLetterMessage,
  context: DeadLetterCaptureContext,
): CapturedDeadLetter {
  const environment = String(context.environment);
  const deadLetterQueue = String(context.deadLetterQueue);
  const body = toBuffer(safe(() => message.content, undefined));
  const rawProperties = safe(() => message.properties, undefined);
  const rawHeaders = safe(() => rawProperties?.headers, undefined);

  const headers = safe(() => toJsonSafeObject(rawHeaders), {});
  const properties = safe(() => {
    if (!isTable(rawProperties)) {
      return {};
    }
    const rest: Record<string, unknown> = {};
    for (const key of Object.keys(rawProperties)) {
      if (key !== 'headers' && key !== '__proto__') {
        rest[key] = safe(() => rawProperties[key], undefined);
      }
    }
    return toJsonSafeObject(rest);
  }, {});

  const header = (name: string): unknown =>
    isTable(rawHeaders) ? safe(() => rawHeaders[name], undefined) : undefined;
  const property = (name: string): unknown =>
    isTable(rawProperties)
      ? safe(() => rawProperties[name], undefined)
      : undefined;

  const deathHistory = safe(() => parseDeathHistory(header('x-death')), []);
  const firstQueue = shortString(header('x-first-death-queue'));
  const firstReason = shortString(header('x-first-death-reason'));
  const firstExchange = shortString(header('x-first-death-exchange'), true);
  const firstDeath = findFirstDeath(deathHistory, firstQueue, firstReason);

  const sourceQueue = firstQueue || firstDeath?.queue || deadLetterQueue;
  const reason = firstReason || firstDeath?.reason || 'unknown';
  const originalExchange = firstExchange ?? firstDeath?.exchange ?? '';
  const originalRoutingKeys = firstDeath ? [...firstDeath.routingKeys] : [];

  const times = deathHistory
    .map(d => (d.time ? Date.parse(d.time) : NaN))
    .filter(t => !Number.isNaN(t));
  const firstDeathAt = times.length ? new Date(Math.min(...times)) : undefined;
  const lastDeathAt = times.length ? new Date(Math.max(...times)) : undefined;

  const messageId = shortString(property('messageId'));
  const messageType =
    shortString(property('type')) ??
    safe(
      () =>
        firstHeader(
          rawHeaders,
          context.messageTypeHeaders ?? DEFAULT_MESSAGE_TYPE_HEADERS,
        ),
      undefined,
    );
  const contentType = shortString(property('contentType'));
  const contentEncoding = shortString(property('contentEncoding'));
  const exceptionType = safe(
    () => firstHeader(rawHeaders, EXCEPTION_TYPE_HEADERS),
    undefined,
  );

  const { bodyEncoding, bodyText } = classifyBody(body);

  const contentHash = safe(
    () => hashContent(environment, deadLetterQueue, properties, headers, body),
    // Unreachable in practice; a random hash never dedupes, so nothing is lost.
    createHash('sha256').update(String(Math.random())).digest('hex'),
  );
  const groupFingerprint = createHash('sha256')
    .update(
      [
        environment,
        sourceQueue,
        reason,
        messageType ?? '',
        exceptionType ?? '',
      ].join('|'),
    )
    .digest('hex');

  return {
    environment,
    deadLetterQueue,
    sourceQueue,
    reason,
    originalExchange,
    originalRoutingKeys,
    messageId,
    messageType,
    contentType,
    contentEncoding,
    exceptionType,
    body,
    bodyEncoding,
    bodyText,
    headers,
    properties,
    deathHistory,
    firstDeathAt,
    lastDeathAt,
    redelivered: safe(() => message.fields?.redelivered === true, false),
    contentHash,
    groupFingerprint,
    replayCount: toCount(header(REPLAY_COUNT_HEADER)) ?? 0,
    replayJobId: shortString(header(REPLAY_JOB_HEADER)),
    previousLifeId: shortString(header(DEAD_LETTER_ID_HEADER)),
  };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

function isTable(value: unknown): value is Record<string, any> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  );
}

function toBuffer(content: unknown): Buffer {
  if (Buffer.isBuffer(content)) {
    return content;
  }
  if (content instanceof Uint8Array) {
    return Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  }
  if (typeof content === 'string') {
    return Buffer.from(content, 'utf8');
  }
  return Buffer.alloc(0);
}

/** A header or property value as text: strings, UTF-8 byte arrays, numbers. */
function asString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Uint8Array) {
    return lenientUtf8.decode(value);
  }
  if (
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'bigint'
  ) {
    return String(value);
  }
  return undefined;
}

/**
 * A value for a short string column: at most `SHORT_STRING_LIMIT` characters,
 * NUL characters removed (Postgres text cannot hold them). Empty strings
 * become undefined unless `keepEmpty` (the default exchange is `''`).
 */
function shortString(value: unknown, keepEmpty = false): string | undefined {
  const text = asString(value);
  if (text === undefined) {
    return undefined;
  }
  const cleaned = clamp(text.replaceAll('\u0000', ''), SHORT_STRING_LIMIT);
  return cleaned || keepEmpty ? cleaned : undefined;
}

/** Cuts a string to `limit` UTF-16 units without splitting a surrogate pair. */
function clamp(text: string, limit: number): string {
  if (text.length <= limit) {
    return text;
  }
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  return text.slice(0, end);
}

/** A non-negative integer from a number, bigint, numeric string or tagged value. */
function toCount(value: unknown): number | undefined {
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'bigint') {
    n = Number(value);
  } else if (typeof value === 'string' && value.trim() !== '') {
    n = Number(value.trim());
  } else if (isTable(value) && '!' in value && 'value' in value) {
    return toCount(value.value);
  } else {
    return undefined;
  }
  if (!Number.isFinite(n) || n < 0) {
    return undefined;
  }
  return Math.min(Math.trunc(n), MAX_INT32);
}

/** Earliest and latest instants a JS Date can hold. */
const MAX_DATE_MS = 8.64e15;

/**
 * An AMQP timestamp as an ISO string. amqplib decodes timestamps in tables as
 * `{ '!': 'timestamp', value: <seconds> }`; plain numbers are seconds too,
 * unless they are too large to be seconds of a plausible date (beyond the
 * year 5000), when they are taken as milliseconds. Dates, bigints and date
 * strings are accepted as well.
 */
function secondsOrMillis(n: number): number {
  return Math.abs(n) >= 1e11 ? n : n * 1000;
}

function toIsoTime(value: unknown): string | undefined {
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    ms = secondsOrMillis(Number(value));
  } else if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value);
    ms = Number.isFinite(numeric)
      ? secondsOrMillis(numeric)
      : Date.parse(value);
  } else if (isTable(value) && 'value' in value) {
    return toIsoTime(value.value);
  } else {
    return undefined;
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    return undefined;
  }
  return new Date(Math.trunc(ms)).toISOString();
}

function toRoutingKeys(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const keys: string[] = [];
  for (const item of items) {
    const key = asString(item);
    if (key !== undefined) {
      keys.push(key);
    }
  }
  return keys;
}

/**
 * Parses RabbitMQ's `x-death` header: an array of tables, newest death
 * first. Entries that are not tables are skipped; missing fields default to
 * `''` (queue, reason, exchange), 1 (count) and `[]` (routing keys).
 */
export function parseDeathHistory(value: unknown): DeathRecord[] {
  let entries: unknown[] = [];
  if (Array.isArray(value)) {
    entries = value;
  } else if (isTable(value)) {
    entries = [value];
  }
  const records: DeathRecord[] = [];
  for (const entry of entries) {
    if (!isTable(entry)) {
      continue;
    }
    const record = safe((): DeathRecord | undefined => {
      const time = toIsoTime(entry.time);
      return {
        queue: shortString(entry.queue) ?? '',
        reason: shortString(entry.reason) ?? '',
        count: toCount(entry.count) ?? 1,
        ...(time ? { time } : {}),
        exchange: shortString(entry.exchange, true) ?? '',
        routingKeys: toRoutingKeys(entry['routing-keys']),
      };
    }, undefined);
    if (record) {
      records.push(record);
    }
  }
  return records;
}

/**
 * The `x-death` entry of the first death: the oldest entry for the
 * `x-first-death-queue` (and reason) when those headers are present,
 * otherwise the oldest entry.
 */
function findFirstDeath(
  history: DeathRecord[],
  firstQueue: string | undefined,
  firstReason: string | undefined,
): DeathRecord | undefined {
  if (firstQueue) {
    for (let i = history.length - 1; i >= 0; i--) {
      const entry = history[i];
      if (
        entry.queue === firstQueue &&
        (!firstReason || entry.reason === firstReason)
      ) {
        return entry;
      }
    }
  }
  return history[history.length - 1];
}

/**
 * The first line of the first of `names` (matched case-insensitively) that
 * holds a non-empty string, as a short string.
 */
function firstHeader(
  headers: unknown,
  names: ReadonlyArray<string>,
): string | undefined {
  if (!isTable(headers)) {
    return undefined;
  }
  const byLowerName = new Map<string, unknown>();
  for (const key of Object.keys(headers)) {
    const lower = key.toLowerCase();
    if (!byLowerName.has(lower)) {
      byLowerName.set(lower, headers[key]);
    }
  }
  for (const name of names) {
    const text = asString(byLowerName.get(name.toLowerCase()));
    const firstLine = text?.split(/\r?\n/, 1)[0].trim();
    const value = shortString(firstLine);
    if (value) {
      return value;
    }
  }
  return undefined;
}

/**
 * `json` when the bytes are valid UTF-8 and parse as JSON, `text` when they
 * are valid UTF-8 (strictly: any invalid sequence makes them binary),
 * otherwise `binary`.
 */
export function classifyBody(body: Buffer): {
  bodyEncoding: BodyEncoding;
  bodyText?: string;
} {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    return { bodyEncoding: 'binary' };
  }
  let bodyEncoding: BodyEncoding = 'text';
  try {
    JSON.parse(text);
    bodyEncoding = 'json';
  } catch {
    // not JSON
  }
  if (body.length > BODY_TEXT_LIMIT) {
    // Cut on a character boundary: back off over UTF-8 continuation bytes.
    let end = BODY_TEXT_LIMIT;
    while (end > 0 && (body[end] & 0xc0) === 0x80) {
      end--;
    }
    text = lenientUtf8.decode(body.subarray(0, end));
  }
  return { bodyEncoding, bodyText: text.replaceAll('\u0000', '') };
}

function hashContent(
  environment: string,
  deadLetterQueue: string,
  properties: Record<string, unknown>,
  headers: Record<string, unknown>,
  body: Buffer,
): string {
  const hash = createHash('sha256');
  const length = Buffer.alloc(8);
  const part = (bytes: Buffer) => {
    // Length-prefixed, so that no two different messages give the same input.
    length.writeBigUInt64BE(BigInt(bytes.length));
    hash.update(length);
    hash.update(bytes);
  };
  part(Buffer.from(environment, 'utf8'));
  part(Buffer.from(deadLetterQueue, 'utf8'));
  let hashedHeaders = headers;
  if (REDELIVERY_HEADERS.some(name => name in headers)) {
    hashedHeaders = { ...headers };
    for (const name of REDELIVERY_HEADERS) {
      delete hashedHeaders[name];
    }
  }
  // toJsonSafe sorts keys, so this JSON is canonical.
  part(Buffer.from(JSON.stringify(properties), 'utf8'));
  part(Buffer.from(JSON.stringify(hashedHeaders), 'utf8'));
  part(body);
  return hash.digest('hex');
}
