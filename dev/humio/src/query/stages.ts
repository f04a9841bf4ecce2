import type { ArgValue, Call, Stage } from './ast';
import { MAX_LIMIT } from './ast';
import { syntaxError } from './lexer';

/*
 * Function stages: head / tail / sort / count / groupBy / top / select /
 * table, with LogScale's argument names and defaults.
 */

/** Reads a call's arguments; the first positional argument is `defaultName`. */
class Args {
  private readonly values = new Map<string, ArgValue>();

  constructor(
    private readonly call: Call,
    allowed: string[],
    defaultName?: string,
  ) {
    if (
      call.positional.length > 1 ||
      (call.positional.length && !defaultName)
    ) {
      throw syntaxError(
        `${call.name}() takes ${
          defaultName ? 'one unnamed argument' : 'no unnamed arguments'
        }`,
        call.pos,
      );
    }
    if (call.positional.length && defaultName) {
      if (call.named.has(defaultName)) {
        throw syntaxError(`argument '${defaultName}' given twice`, call.pos);
      }
      this.values.set(defaultName, call.positional[0]);
    }
    for (const [name, value] of call.named) {
      if (!allowed.includes(name)) {
        throw syntaxError(
          `unknown argument '${name}' for ${call.name}()${
            allowed.length ? ` (supported here: ${allowed.join(', ')})` : ''
          }`,
          value.pos,
        );
      }
      this.values.set(name, value);
    }
  }

  raw(name: string): ArgValue | undefined {
    return this.values.get(name);
  }

  text(name: string): string | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    if (v.kind !== 'value') {
      throw syntaxError(
        `${this.call.name}(): '${name}' must be a single value`,
        v.pos,
      );
    }
    return v.text;
  }

  fields(name: string): string[] | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    const items = v.kind === 'list' ? v.items : [v];
    if (items.length === 0) {
      throw syntaxError(`${this.call.name}(): '${name}' is empty`, v.pos);
    }
    return items.map(item => {
      if (item.kind !== 'value') {
        throw syntaxError(
          `${this.call.name}(): '${name}' must name fields`,
          item.pos,
        );
      }
      return item.text;
    });
  }

  /** {@link fields} of an argument the function cannot do without; `missing` is the error. */
  requiredFields(name: string, missing: string): string[] {
    const fields = this.fields(name);
    if (!fields) throw syntaxError(missing, this.call.pos);
    return fields;
  }

  int(name: string, fallback: number, min: number): number {
    const text = this.text(name);
    if (text === undefined) return fallback;
    if (text === 'max') return MAX_LIMIT;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > MAX_LIMIT) {
      throw syntaxError(
        `${this.call.name}(): '${name}' must be an integer from ${min} to ${MAX_LIMIT} (or max), not '${text}'`,
        this.values.get(name)!.pos,
      );
    }
    return n;
  }

  bool(name: string): boolean {
    const text = this.text(name);
    if (text === undefined || text === 'false') return false;
    if (text === 'true') return true;
    throw syntaxError(
      `${this.call.name}(): '${name}' must be true or false`,
      this.values.get(name)!.pos,
    );
  }

  oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const text = this.text(name);
    if (text === undefined) return fallback;
    const found = options.find(o => o === text.toLowerCase());
    if (!found) {
      throw syntaxError(
        `${this.call.name}(): '${name}' must be one of ${options.join(', ')}`,
        this.values.get(name)!.pos,
      );
    }
    return found;
  }
}

const ORDERS = ['asc', 'desc'] as const;

function orderOf(args: Args, fallback: 'asc' | 'desc'): 'asc' | 'desc' {
  const text = args.text('order');
  if (text === undefined) return fallback;
  const lower = text.toLowerCase();
  if (lower === 'asc' || lower === 'ascending') return 'asc';
  if (lower === 'desc' || lower === 'descending') return 'desc';
  return args.oneOf('order', ORDERS, fallback);
}

function countSpec(call: Call) {
  const args = new Args(call, ['field', 'distinct', 'as'], 'field');
  return {
    field: args.text('field'),
    distinct: args.bool('distinct'),
    as: args.text('as') ?? '_count',
  };
}

function groupBy(call: Call): Stage {
  const args = new Args(call, ['field', 'function', 'limit'], 'field');
  const fields = args.requiredFields('field', 'groupBy() needs a field');
  const fn = args.raw('function');
  let calls: ArgValue[] = [];
  if (fn) calls = fn.kind === 'list' ? fn.items : [fn];
  const functions = calls.map(c => {
    if (c.kind !== 'call') {
      throw syntaxError(
        'groupBy(): function must be a call such as count()',
        c.pos,
      );
    }
    if (c.call.name.toLowerCase() !== 'count') {
      throw syntaxError(
        `groupBy(): function ${c.call.name}() is not supported here (only count())`,
        c.pos,
      );
    }
    return countSpec(c.call);
  });
  if (!fn) functions.push({ field: undefined, distinct: false, as: '_count' });
  return {
    kind: 'groupBy',
    fields,
    functions,
    limit: args.int('limit', 20_000, 1),
  };
}

const SUPPORTED =
  'head(), tail(), sort(), count(), groupBy(), top(), select(), table()';

/** The stage a function call stands for, its arguments checked. */
export function buildStage(call: Call): Stage {
  const name = call.name.toLowerCase();
  switch (name) {
    case 'head':
    case 'tail': {
      const args = new Args(call, ['limit'], 'limit');
      return {
        kind: name,
        limit: args.int('limit', 200, name === 'head' ? 0 : 1),
      };
    }
    case 'sort': {
      const args = new Args(
        call,
        ['field', 'order', 'limit', 'type', 'reverse'],
        'field',
      );
      let order = orderOf(args, 'desc');
      if (args.bool('reverse')) order = order === 'desc' ? 'asc' : 'desc';
      const type = args.oneOf(
        'type',
        ['any', 'number', 'string', 'hex'],
        'any',
      );
      return {
        kind: 'sort',
        fields: args.fields('field') ?? ['_count'],
        order,
        type: type === 'hex' ? 'any' : type,
        limit: args.int('limit', 200, 1),
      };
    }
    case 'count':
      return { kind: 'count', ...countSpec(call) };
    case 'groupby':
      return groupBy(call);
    case 'top': {
      const args = new Args(call, ['field', 'limit', 'as'], 'field');
      const fields = args.requiredFields('field', 'top() needs a field');
      return {
        kind: 'top',
        fields,
        limit: args.int('limit', 10, 1),
        as: args.text('as') ?? '_count',
      };
    }
    case 'select': {
      const args = new Args(call, ['fields'], 'fields');
      const fields = args.requiredFields('fields', 'select() needs fields');
      return { kind: 'select', fields };
    }
    case 'table': {
      const args = new Args(
        call,
        ['fields', 'limit', 'sortby', 'order'],
        'fields',
      );
      const fields = args.requiredFields('fields', 'table() needs fields');
      return {
        kind: 'table',
        fields,
        limit: args.int('limit', 200, 1),
        sortby: args.text('sortby') ?? '@timestamp',
        order: orderOf(args, 'desc'),
      };
    }
    default:
      throw syntaxError(
        `unknown or unsupported function ${call.name}() (this local Humio supports ${SUPPORTED})`,
        call.pos,
      );
  }
}
