/*
 * Header and property values as people read them. Stored values keep the
 * AMQP client's encoding so that a replay publishes them with the same AMQP
 * type (`{ "!": "timestamp", "value": 1796603500 }`); on screen a timestamp
 * is a date, and the other tagged numbers are just numbers.
 */

/** Values longer than this are shown collapsed, with a "Show all" toggle. */
export const COLLAPSED_VALUE_LENGTH = 500;

const MAX_DEPTH = 64;

function isTagged(value: object): value is { '!': string; value: unknown } {
  const keys = Object.keys(value);
  return (
    keys.length === 2 &&
    keys.includes('!') &&
    keys.includes('value') &&
    typeof (value as { '!': unknown })['!'] === 'string'
  );
}

/** An AMQP timestamp (whole seconds since the epoch) as an ISO date. */
function timestampText(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return undefined;
  }
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime())
    ? undefined
    : date.toISOString().replace('.000Z', 'Z');
}

/**
 * `value` with the client's tagged values replaced by what they are: a
 * timestamp by its ISO date, a tagged number by the number. Anything it does
 * not recognise is kept as it is.
 */
export function readableValue(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(item => readableValue(item, depth + 1));
  }
  if (isTagged(value)) {
    if (value['!'] === 'timestamp') {
      return timestampText(value.value) ?? value;
    }
    return typeof value.value === 'number' || typeof value.value === 'string'
      ? value.value
      : value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: readableValue(item, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A header or property value as text: strings as they are, the rest as JSON. */
export function valueText(value: unknown): string {
  const readable = readableValue(value);
  if (typeof readable === 'string') {
    return readable;
  }
  if (readable === undefined) {
    return '';
  }
  try {
    return JSON.stringify(readable, null, 2) ?? String(readable);
  } catch {
    return String(readable);
  }
}
