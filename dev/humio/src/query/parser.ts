import type { ArgValue, Call, Expr, Matcher, ParsedQuery, Stage } from './ast';
import { syntaxError, Token, tokenize } from './lexer';
import { buildStage } from './stages';

/*
 * The subset of the LogScale query language that the portal uses: filters
 * (free text, field comparisons, tags, wildcards, regexes, and/or/not,
 * parentheses) and a pipeline of head / tail / sort / count / groupBy /
 * top / select / table. Anything else is refused with a 400 that names it.
 */

const KEYWORDS = new Set(['and', 'or', 'not']);
const FUNCTION_NAME = /^[A-Za-z_][\w:.]*$/;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `*` wildcards; whole-value, case-sensitive (field filters) or substring, case-insensitive (free text). */
function glob(pattern: string, whole: boolean): RegExp {
  const body = pattern.split('*').map(escapeRegex).join('.*');
  return whole ? new RegExp(`^${body}$`, 's') : new RegExp(body, 'is');
}

function regex(token: Token): RegExp {
  const flags = token.flags ?? '';
  if (/[^ims]/.test(flags)) {
    throw syntaxError(
      `unsupported regular expression flag(s) '${flags}' (i, m and s are supported)`,
      token.pos,
    );
  }
  try {
    return new RegExp(token.text, flags);
  } catch (e) {
    throw syntaxError(
      `invalid regular expression /${token.text}/: ${(e as Error).message}`,
      token.pos,
    );
  }
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private take(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }

  private expect(type: Token['type'], what: string): Token {
    const t = this.peek();
    if (t.type !== type) throw syntaxError(`expected ${what}`, t.pos);
    return this.take();
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.type === 'word' && t.text.toLowerCase() === word;
  }

  parse(): ParsedQuery {
    const stages: Stage[] = [];
    for (;;) {
      stages.push(this.stage(stages.length === 0));
      const t = this.peek();
      if (t.type === 'eof') break;
      if (t.type !== 'pipe') {
        throw syntaxError(`unexpected '${t.text}'`, t.pos);
      }
      this.take();
    }
    return {
      stages,
      isAggregate: stages.some(s => s.kind !== 'filter' && s.kind !== 'select'),
    };
  }

  private stage(first: boolean): Stage {
    const t = this.peek();
    if (t.type === 'pipe' || t.type === 'eof') {
      // Only the first stage may be empty ("" or "| count()").
      if (!first)
        throw syntaxError("expected a filter or a function after '|'", t.pos);
      return { kind: 'filter', expr: { kind: 'all' } };
    }
    const next = this.peek(1);
    if (
      t.type === 'word' &&
      next.type === 'lparen' &&
      !next.spaceBefore &&
      FUNCTION_NAME.test(t.text) &&
      !KEYWORDS.has(t.text.toLowerCase())
    ) {
      return buildStage(this.call());
    }
    return { kind: 'filter', expr: this.and() };
  }

  // LogScale gives `or` a higher precedence than `and` (implicit or explicit):
  // `a b or c` is `a and (b or c)`.
  private and(): Expr {
    const items = [this.or()];
    for (;;) {
      const t = this.peek();
      if (this.isKeyword(t, 'and')) {
        this.take();
        items.push(this.or());
      } else if (this.startsTerm(t)) {
        items.push(this.or());
      } else {
        break;
      }
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private or(): Expr {
    const items = [this.not()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.take();
      items.push(this.not());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private not(): Expr {
    const t = this.peek();
    if (
      t.type === 'bang' ||
      (this.isKeyword(t, 'not') && !this.isOperator(this.peek(1)))
    ) {
      this.take();
      return { kind: 'not', expr: this.not() };
    }
    return this.primary();
  }

  private startsTerm(t: Token): boolean {
    if (t.type === 'word') return !this.isKeyword(t, 'or');
    return ['string', 'regex', 'lparen', 'bang'].includes(t.type);
  }

  private isOperator(t: Token): boolean {
    return ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(t.type);
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.type === 'lparen') {
      this.take();
      const expr = this.and();
      this.expect('rparen', "')'");
      return expr;
    }
    if (t.type === 'word' && this.isOperator(this.peek(1))) {
      return this.comparison();
    }
    if (t.type === 'string' && this.isOperator(this.peek(1))) {
      throw syntaxError(
        `a field name cannot be quoted ("${t.text}"); write it bare`,
        t.pos,
      );
    }
    if (t.type === 'word') {
      if (this.isKeyword(t, 'and') || this.isKeyword(t, 'or')) {
        throw syntaxError(`'${t.text}' needs a filter on each side`, t.pos);
      }
      if (this.peek(1).type === 'lparen' && !this.peek(1).spaceBefore) {
        throw syntaxError(
          `function ${t.text}() is not supported inside a filter; put it in its own pipeline stage`,
          t.pos,
        );
      }
      this.take();
      if (t.text === '*') return { kind: 'all' };
      return {
        kind: 'text',
        match: t.text.includes('*')
          ? { kind: 'regex', re: glob(t.text, false) }
          : { kind: 'contains', lower: t.text.toLowerCase() },
      };
    }
    if (t.type === 'string') {
      this.take();
      return {
        kind: 'text',
        match: { kind: 'contains', lower: t.text.toLowerCase() },
      };
    }
    if (t.type === 'regex') {
      this.take();
      return { kind: 'text', match: { kind: 'regex', re: regex(t) } };
    }
    if (t.type === 'eof' || t.type === 'pipe' || t.type === 'rparen') {
      throw syntaxError('expected a filter', t.pos);
    }
    throw syntaxError(`unexpected '${t.text}'`, t.pos);
  }

  private comparison(): Expr {
    const field = this.take();
    const op = this.take();
    const value = this.peek();
    if (!['word', 'string', 'regex'].includes(value.type)) {
      throw syntaxError(
        `expected a value after '${field.text}${op.text}'`,
        value.pos,
      );
    }
    this.take();
    if (op.type === 'eq' || op.type === 'ne') {
      let match: Matcher;
      if (value.type === 'regex') match = { kind: 'regex', re: regex(value) };
      else if (value.text === '*') match = { kind: 'any' };
      else if (value.text.includes('*')) {
        match = { kind: 'regex', re: glob(value.text, true) };
      } else match = { kind: 'exact', value: value.text };
      return {
        kind: 'field',
        field: field.text,
        negate: op.type === 'ne',
        match,
      };
    }
    const n = Number(value.text);
    if (
      value.type === 'regex' ||
      value.text.trim() === '' ||
      !Number.isFinite(n)
    ) {
      throw syntaxError(
        `'${op.text}' compares numbers; '${value.text}' is not a number`,
        value.pos,
      );
    }
    return {
      kind: 'compare',
      field: field.text,
      op: op.text as '<' | '<=' | '>' | '>=',
      value: n,
    };
  }

  private call(): Call {
    const name = this.take();
    this.expect('lparen', "'('");
    const call: Call = {
      name: name.text,
      pos: name.pos,
      positional: [],
      named: new Map(),
    };
    if (this.peek().type === 'rparen') {
      this.take();
      return call;
    }
    for (;;) {
      const t = this.peek();
      if (t.type === 'word' && this.peek(1).type === 'eq') {
        this.take();
        this.take();
        if (call.named.has(t.text)) {
          throw syntaxError(`argument '${t.text}' given twice`, t.pos);
        }
        call.named.set(t.text, this.argValue());
      } else {
        if (call.named.size > 0) {
          throw syntaxError('unnamed arguments must come first', t.pos);
        }
        call.positional.push(this.argValue());
      }
      const sep = this.take();
      if (sep.type === 'rparen') break;
      if (sep.type !== 'comma')
        throw syntaxError("expected ',' or ')'", sep.pos);
    }
    return call;
  }

  private argValue(): ArgValue {
    const t = this.peek();
    if (t.type === 'lbrack') {
      this.take();
      const items: ArgValue[] = [];
      if (this.peek().type !== 'rbrack') {
        for (;;) {
          items.push(this.argValue());
          const sep = this.take();
          if (sep.type === 'rbrack') break;
          if (sep.type !== 'comma')
            throw syntaxError("expected ',' or ']'", sep.pos);
        }
      } else {
        this.take();
      }
      return { kind: 'list', items, pos: t.pos };
    }
    if (
      t.type === 'word' &&
      this.peek(1).type === 'lparen' &&
      !this.peek(1).spaceBefore
    ) {
      return { kind: 'call', call: this.call(), pos: t.pos };
    }
    if (t.type === 'word' || t.type === 'string') {
      this.take();
      return { kind: 'value', text: t.text, pos: t.pos };
    }
    throw syntaxError('expected an argument value', t.pos);
  }
}

/** Parses a query string; throws an HttpError 400 with a message if it cannot. */
export function parseQuery(queryString: string): ParsedQuery {
  return new Parser(tokenize(queryString)).parse();
}
