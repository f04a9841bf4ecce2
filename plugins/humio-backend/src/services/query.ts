import type { Entity } from '@backstage/catalog-model';

/** A template or annotation that cannot become a query for this entity. */
export class QueryTemplateError extends Error {
  name = 'QueryTemplateError';
}

export const MAX_FILTER_LENGTH = 200;

/**
 * The body of a quoted LogScale string: backslashes and double quotes
 * escaped, so that a value can neither end the string nor the query
 * early. Line breaks and other control characters become spaces, since a
 * `//` comment would otherwise swallow the rest of a line.
 */
export function escapeQueryString(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const blanked = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return blanked.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** A value as a quoted LogScale string. */
export function quoteQueryString(value: string): string {
  return `"${escapeQueryString(value)}"`;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^entity(?:\.[A-Za-z0-9_-]+|\[(?:'[^']*'|"[^"]*")\])+$/;

function lookup(entity: Entity, path: string): unknown {
  const keys: string[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(?:'([^']*)'|"([^"]*)")\]/g;
  for (const m of path.slice('entity'.length).matchAll(re)) {
    keys.push(m[1] ?? m[2] ?? m[3]);
  }
  let value: unknown = entity;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Replaces `{{ entity.metadata.name }}`-style placeholders by the entity's
 * values (annotations by `entity.metadata.annotations['humio.com/x']`).
 * Values are escaped as for a quoted string, so templates put them in
 * quotes (`service = "{{ entity.metadata.name }}"`); catalog names need no
 * quotes either way. A placeholder naming nothing, or something other than
 * a string or number, is an error rather than an empty string that would
 * widen the query to other services' logs.
 */
export function renderQueryTemplate(template: string, entity: Entity): string {
  return template.replace(PLACEHOLDER, (_all, expression: string) => {
    if (!PATH.test(expression)) {
      throw new QueryTemplateError(
        `Unsupported placeholder {{ ${expression} }}: use a path such as entity.metadata.name`,
      );
    }
    const value = lookup(entity, expression);
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value === '') {
      throw new QueryTemplateError(
        `The entity has no value for {{ ${expression} }}`,
      );
    }
    return escapeQueryString(value);
  });
}

/**
 * The query of an entity's events: its filter and, when the user typed
 * one, their free text as a first stage of its own. Being a quoted string
 * it only ever matches text (it cannot add functions, comments or
 * repositories), and running before the entity's query it cannot widen it.
 */
export function withTextFilter(query: string, text?: string): string {
  const trimmed = text?.trim();
  if (!trimmed) return query;
  return `${quoteQueryString(trimmed)}\n| ${query}`;
}
