import type { HumioEvent } from '../data/events';
import type { Expr, Matcher, ParsedQuery } from './ast';

/** An event, or a row produced by an aggregate (all strings). */
export type Row = Record<string, string | number>;

/** Filter-only queries return at most this many events (the newest), as Humio does by default. */
export const DEFAULT_EVENT_LIMIT = 200;

export interface QueryResult {
  rows: Row[];
  isAggregate: boolean;
  /** A filter query matched more than {@link DEFAULT_EVENT_LIMIT} events. */
  hasMoreEvents: boolean;
  /** Events in the time range that the query looked at. */
  processedEvents: number;
  processedBytes: number;
  fieldOrder: string[];
}

function value(row: Row, field: string): string | undefined {
  const v = row[field];
  return v === undefined ? undefined : String(v);
}

function matches(m: Matcher, text: string): boolean {
  switch (m.kind) {
    case 'any':
      return true;
    case 'exact':
      return text === m.value;
    case 'contains':
      return text.toLowerCase().includes(m.lower);
    default:
      return m.re.test(text);
  }
}

function asNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export function evaluate(expr: Expr, row: Row): boolean {
  switch (expr.kind) {
    case 'all':
      return true;
    case 'and':
      return expr.items.every(e => evaluate(e, row));
    case 'or':
      return expr.items.some(e => evaluate(e, row));
    case 'not':
      return !evaluate(expr.expr, row);
    case 'text': {
      const raw = value(row, '@rawstring');
      return raw !== undefined && matches(expr.match, raw);
    }
    case 'field': {
      // A missing field fails the comparison, so `!=` matches it (as in LogScale).
      const v = value(row, expr.field);
      const hit = v !== undefined && matches(expr.match, v);
      return expr.negate ? !hit : hit;
    }
    default: {
      const n = asNumber(value(row, expr.field));
      if (n === undefined) return false;
      switch (expr.op) {
        case '<':
          return n < expr.value;
        case '<=':
          return n <= expr.value;
        case '>':
          return n > expr.value;
        default:
          return n >= expr.value;
      }
    }
  }
}

function compareValues(
  a: string | undefined,
  b: string | undefined,
  type: 'any' | 'number' | 'string',
): number {
  // Missing values sort last in either order; the caller flips the rest.
  if (a === undefined || b === undefined) return 0;
  if (type !== 'string') {
    const x = asNumber(a);
    const y = asNumber(b);
    if (x !== undefined && y !== undefined) return x - y;
    if (type === 'number') {
      if (x === undefined && y === undefined) return 0;
      return x === undefined ? 1 : -1;
    }
  }
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function sortRows(
  rows: Row[],
  fields: string[],
  order: 'asc' | 'desc',
  type: 'any' | 'number' | 'string',
): Row[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((ra, rb) => {
    for (const f of fields) {
      const a = value(ra, f);
      const b = value(rb, f);
      if (a === undefined || b === undefined) {
        if (a === undefined && b === undefined) continue;
        return a === undefined ? 1 : -1;
      }
      const c = compareValues(a, b, type);
      if (c !== 0) return sign * c;
    }
    return 0;
  });
}

/** head(): the oldest `limit` events; tail(): the newest. Rows keep their order. */
function byTime(rows: Row[], limit: number, oldest: boolean): Row[] {
  const timed = rows.every(r => typeof r['@timestamp'] === 'number');
  if (!timed) {
    return oldest
      ? rows.slice(0, limit)
      : rows.slice(Math.max(0, rows.length - limit));
  }
  const order = rows
    .map((r, i) => ({ i, t: r['@timestamp'] as number }))
    .sort((a, b) => (oldest ? a.t - b.t : b.t - a.t));
  const keep = new Set(order.slice(0, limit).map(x => x.i));
  return rows.filter((_, i) => keep.has(i));
}

function pick(row: Row, fields: string[]): Row {
  const out: Row = {};
  for (const f of fields) if (row[f] !== undefined) out[f] = row[f];
  return out;
}

function groups(
  rows: Row[],
  fields: string[],
): Map<string, { key: string[]; rows: Row[] }> {
  const out = new Map<string, { key: string[]; rows: Row[] }>();
  for (const row of rows) {
    const key: string[] = [];
    let complete = true;
    for (const f of fields) {
      const v = value(row, f);
      if (v === undefined) {
        complete = false;
        break;
      }
      key.push(v);
    }
    if (!complete) continue; // events without the field are not grouped (as in LogScale)
    const k = JSON.stringify(key);
    let g = out.get(k);
    if (!g) out.set(k, (g = { key, rows: [] }));
    g.rows.push(row);
  }
  return out;
}

function count(
  rows: Row[],
  spec: { field?: string; distinct: boolean },
): number {
  if (spec.field === undefined) return rows.length;
  const values = rows
    .map(r => value(r, spec.field!))
    .filter(v => v !== undefined);
  return spec.distinct ? new Set(values).size : values.length;
}

function keyRow(fields: string[], key: string[]): Row {
  const out: Row = {};
  fields.forEach((f, i) => (out[f] = key[i]));
  return out;
}

/** Runs a parsed query over events (newest first). */
export function execute(query: ParsedQuery, events: HumioEvent[]): QueryResult {
  let rows: Row[] = events;
  for (const stage of query.stages) {
    switch (stage.kind) {
      case 'filter':
        if (stage.expr.kind !== 'all')
          rows = rows.filter(r => evaluate(stage.expr, r));
        break;
      case 'head':
      case 'tail':
        rows = byTime(rows, stage.limit, stage.kind === 'head');
        break;
      case 'sort':
        rows = sortRows(rows, stage.fields, stage.order, stage.type).slice(
          0,
          stage.limit,
        );
        break;
      case 'count':
        rows = [{ [stage.as]: String(count(rows, stage)) }];
        break;
      case 'groupBy': {
        const grouped = [...groups(rows, stage.fields).values()]
          .sort((a, b) => {
            for (let i = 0; i < a.key.length; i++) {
              const c = compareValues(a.key[i], b.key[i], 'any');
              if (c !== 0) return c;
            }
            return 0;
          })
          .slice(0, stage.limit);
        rows = grouped.map(g => {
          const row = keyRow(stage.fields, g.key);
          for (const fn of stage.functions)
            row[fn.as] = String(count(g.rows, fn));
          return row;
        });
        break;
      }
      case 'top': {
        const grouped = [...groups(rows, stage.fields).values()].sort(
          (a, b) =>
            b.rows.length - a.rows.length ||
            compareValues(a.key.join('\u0000'), b.key.join('\u0000'), 'string'),
        );
        rows = grouped.slice(0, stage.limit).map(g => ({
          ...keyRow(stage.fields, g.key),
          [stage.as]: String(g.rows.length),
        }));
        break;
      }
      case 'select':
        rows = rows.map(r => pick(r, stage.fields));
        break;
      default:
        rows = sortRows(rows, [stage.sortby], stage.order, 'any')
          .slice(0, stage.limit)
          .map(r => pick(r, stage.fields));
    }
  }
  let hasMoreEvents = false;
  if (!query.isAggregate && rows.length > DEFAULT_EVENT_LIMIT) {
    rows = rows.slice(0, DEFAULT_EVENT_LIMIT);
    hasMoreEvents = true;
  }
  const fieldOrder: string[] = [];
  const seen = new Set<string>();
  for (const row of rows.slice(0, 1000)) {
    for (const k of Object.keys(row)) {
      if (!seen.has(k)) {
        seen.add(k);
        fieldOrder.push(k);
      }
    }
  }
  let processedBytes = 0;
  for (const e of events)
    processedBytes += String(e['@rawstring'] ?? '').length;
  return {
    rows,
    isAggregate: query.isAggregate,
    hasMoreEvents,
    processedEvents: events.length,
    processedBytes,
    fieldOrder,
  };
}
