/**
 * Conversion of decoded AMQP values (as amqplib hands them out) into plain
 * JSON for storage, and back for publishing again.
 */

const MAX_DEPTH = 64;

/**
 * Returns a copy of `value` that survives `JSON.stringify` unchanged:
 *
 * - `Buffer` / typed arrays / `ArrayBuffer` become `{ "$binary": "<base64>" }`
 * - `Date` becomes its ISO string (`null` when the date is invalid)
 * - `bigint` becomes its decimal string
 * - `NaN` / `±Infinity` become the strings `"NaN"` / `"Infinity"` / `"-Infinity"`
 * - `Map` becomes an object, `Set` an array
 * - functions, symbols and `undefined` are dropped from objects (and become
 *   `null` inside arrays, as `JSON.stringify` would do)
 * - cycles become `"[Circular]"`, nesting deeper than 64 levels `"[MaxDepth]"`
 * - object keys are inserted in sorted order, so `JSON.stringify` of the
 *   result is canonical: equal tables give equal text whatever order their
 *   keys came in (used for the content hash)
 * - amqplib's tagged values such as `{ "!": "timestamp", "value": 1700000000 }`
 *   are plain objects already and are kept as they are, so a replay can
 *   re-encode them with the same AMQP type.
 *
 * Never throws: a property whose getter throws is left out.
 *
 * @public
 */
export function toJsonSafe(value: unknown): unknown {
  return convert(value, 0, new Set());
}

/**
 * `toJsonSafe` for a table (headers, properties): always returns an object.
 *
 * @public
 */
export function toJsonSafeObject(value: unknown): Record<string, unknown> {
  if (!isPlainTable(value)) {
    return {};
  }
  const converted = convert(value, 0, new Set());
  return isPlainTable(converted) ? (converted as Record<string, unknown>) : {};
}

function isPlainTable(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Buffer.isBuffer(value) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof ArrayBuffer) &&
    !(value instanceof Date)
  );
}

function binary(bytes: Uint8Array): { $binary: string } {
  return {
    $binary: Buffer.from(
      bytes.buffer,
      bytes.byteOffset,
      bytes.byteLength,
    ).toString('base64'),
  };
}

function setKey(target: Record<string, unknown>, key: string, value: unknown) {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

function convert(value: unknown, depth: number, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) {
    return null;
  }
  const object = value as object;
  if (Buffer.isBuffer(object) || object instanceof Uint8Array) {
    return binary(object);
  }
  if (ArrayBuffer.isView(object)) {
    return binary(
      new Uint8Array(object.buffer, object.byteOffset, object.byteLength),
    );
  }
  if (object instanceof ArrayBuffer) {
    return binary(new Uint8Array(object));
  }
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? null : object.toISOString();
  }
  if (depth >= MAX_DEPTH) {
    return '[MaxDepth]';
  }
  if (seen.has(object)) {
    return '[Circular]';
  }
  seen.add(object);
  try {
    if (Array.isArray(object) || object instanceof Set) {
      const out: unknown[] = [];
      for (const item of object) {
        const converted = convert(item, depth + 1, seen);
        out.push(converted === undefined ? null : converted);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    if (object instanceof Map) {
      const entries = [...object].map(([k, v]) => [String(k), v] as const);
      entries.sort(([a], [b]) => (a < b ? -1 : Number(a > b)));
      for (const [key, item] of entries) {
        const converted = convert(item, depth + 1, seen);
        if (converted !== undefined) {
          setKey(out, key, converted);
        }
      }
      return out;
    }
    for (const key of Object.keys(object).sort()) {
      let item: unknown;
      try {
        item = (object as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      const converted = convert(item, depth + 1, seen);
      if (converted !== undefined) {
        setKey(out, key, converted);
      }
    }
    return out;
  } catch {
    return null;
  } finally {
    seen.delete(object);
  }
}

/**
 * Undoes the `$binary` encoding of `toJsonSafe`: the stored value as amqplib
 * encodes it again (Buffers for binary, tagged values kept).
 *
 * @public
 */
export function fromJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(fromJsonSafe);
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record.$binary === 'string') {
      return Buffer.from(record.$binary, 'base64');
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = fromJsonSafe(record[key]);
    return out;
  }
  return value;
}
