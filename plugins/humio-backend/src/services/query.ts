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

/**
 * Longest query a template may render to: values of placeholders come from
 * the entity and are not capped by the annotation's own length.
 */
export const MAX_RENDERED_QUERY_LENGTH = 20_000;

const isPathChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || // 0-9
  (c >= 0x41 && c <= 0x5a) || // A-Z
  (c >= 0x61 && c <= 0x7a) || // a-z
  c === 0x5f || // _
  c === 0x2d; // -

/**
 * The keys of a placeholder path such as `entity.metadata.name` or
 * `entity.metadata.annotations['humio.com/x']`, or undefined when it is not
 * one. Read in one pass: the text is catalog-controlled, so no regex that
 * could backtrack over it.
 */
export function parsePlaceholderPath(expression: string): string[] | undefined {
  if (!expression.startsWith('entity')) return undefined;
  const keys: string[] = [];
  let i = 'entity'.length;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '.') {
      let j = i + 1;
      while (j < expression.length && isPathChar(expression.charCodeAt(j))) {
        j++;
      }
      if (j === i + 1) return undefined;
      keys.push(expression.slice(i + 1, j));
      i = j;
    } else if (c === '[') {
      const quote = expression[i + 1];
      if (quote !== "'" && quote !== '"') return undefined;
      const close = expression.indexOf(quote, i + 2);
      if (close < 0 || expression[close + 1] !== ']') return undefined;
      keys.push(expression.slice(i + 2, close));
      i = close + 2;
    } else {
      return undefined;
    }
  }
  return keys.length > 0 ? keys : undefined;
}

function lookup(entity: Entity, keys: string[]): unknown {
  let value: unknown = entity;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function placeholderValue(entity: Entity, expression: string): string {
  const keys = parsePlaceholderPath(expression);
  if (!keys) {
    throw new QueryTemplateError(
      `Unsupported placeholder {{ ${expression} }}: use a path such as entity.metadata.name`,
    );
  }
  const value = lookup(entity, keys);
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') {
    throw new QueryTemplateError(
      `The entity has no value for {{ ${expression} }}`,
    );
  }
  return escapeQueryString(value);
}

/**
 * Replaces `{{ entity.metadata.name }}`-style placeholders by the entity's
 * values (annotations by `entity.metadata.annotations['humio.com/x']`).
 * Values are escaped as for a quoted string, so templates put them in
 * quotes (`service = "{{ entity.metadata.name }}"`); catalog names need no
 * quotes either way. A placeholder naming nothing, or something other than
 * a string or number, is an error rather than an empty string that would
 * widen the query to other services' logs.
 *
 * A placeholder is `{{`, text without braces, `}}`; anything else is copied
 * as it is. One left-to-right pass: the scan for a placeholder's end stops
 * at the first brace, and the next `{{` cannot start before that brace, so
 * no character is looked at more than a few times, whatever the template.
 */
export function renderQueryTemplate(template: string, entity: Entity): string {
  const parts: string[] = [];
  let length = 0;
  const push = (part: string) => {
    length += part.length;
    if (length > MAX_RENDERED_QUERY_LENGTH) {
      throw new QueryTemplateError(
        `The query is longer than ${MAX_RENDERED_QUERY_LENGTH} characters once its placeholders are filled`,
      );
    }
    parts.push(part);
  };
  let copied = 0;
  let i = template.indexOf('{{');
  while (i >= 0) {
    let j = i + 2;
    while (j < template.length && template[j] !== '{' && template[j] !== '}') {
      j++;
    }
    if (template[j] === '}' && template[j + 1] === '}') {
      push(template.slice(copied, i));
      push(placeholderValue(entity, template.slice(i + 2, j).trim()));
      copied = j + 2;
      i = template.indexOf('{{', copied);
    } else {
      // `{{{ x }}`: the placeholder may start at the second brace.
      i = template.indexOf('{{', Math.max(i + 1, j - 1));
    }
  }
  push(template.slice(copied));
  return parts.join('');
}

/**
 * LogScale functions that read events or files from outside the repository
 * being searched (a subquery may name another repository or view). Refused
 * in annotations, which anyone editing a `catalog-info.yaml` writes.
 */
const CROSS_REPOSITORY_FUNCTIONS = new Set([
  'join',
  'selfjoin',
  'selfjoinfilter',
  'definetable',
  'correlate',
  'readfile',
]);

// `:` belongs to names: `array:join()` is not `join()`.
const isNameChar = (c: number) => isPathChar(c) || c === 0x3a;

/**
 * Refuses an annotation query calling a function that reads beyond the
 * repository. A name counts as a call when `(` follows it, wherever it is
 * (quoted text included): refusing a harmless text is better than missing a
 * call. One pass, no regex.
 */
export function assertConfinedQuery(query: string): void {
  let i = 0;
  while (i < query.length) {
    if (!isNameChar(query.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < query.length && isNameChar(query.charCodeAt(j))) j++;
    const name = query.slice(i, j).toLowerCase();
    let k = j;
    while (k < query.length && ' \t\r\n'.includes(query[k])) k++;
    if (query[k] === '(' && CROSS_REPOSITORY_FUNCTIONS.has(name)) {
      throw new QueryTemplateError(
        `The query may not use ${name}(): it reads beyond this component's events`,
      );
    }
    i = j;
  }
}

/**
 * The query of an entity that has its own `humio.com/query`: the portal's
 * service filter first, as a stage of its own, so the annotation can only
 * narrow the component's events, never reach other services' (a LogScale
 * stage sees only what the stages before it let through).
 */
export function confineQuery(
  serviceFilter: string,
  annotation: string,
): string {
  assertConfinedQuery(annotation);
  return `${serviceFilter}\n| ${annotation}`;
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
