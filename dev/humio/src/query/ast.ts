/*
 * The parsed form of a query: a pipeline of stages, each a filter expression
 * or a function call, which execute.ts runs over events.
 */

/** How a field's value (or @rawstring, for free text) is tested. */
export type Matcher =
  | { kind: 'any' }
  | { kind: 'exact'; value: string }
  | { kind: 'contains'; lower: string }
  | { kind: 'regex'; re: RegExp };

export type Expr =
  | { kind: 'all' }
  | { kind: 'and'; items: Expr[] }
  | { kind: 'or'; items: Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'text'; match: Matcher }
  | { kind: 'field'; field: string; negate: boolean; match: Matcher }
  | {
      kind: 'compare';
      field: string;
      op: '<' | '<=' | '>' | '>=';
      value: number;
    };

export type Stage =
  | { kind: 'filter'; expr: Expr }
  | { kind: 'head' | 'tail'; limit: number }
  | {
      kind: 'sort';
      fields: string[];
      order: 'asc' | 'desc';
      type: 'any' | 'number' | 'string';
      limit: number;
    }
  | { kind: 'count'; field?: string; distinct: boolean; as: string }
  | {
      kind: 'groupBy';
      fields: string[];
      functions: Array<{ field?: string; distinct: boolean; as: string }>;
      limit: number;
    }
  | { kind: 'top'; fields: string[]; limit: number; as: string }
  | { kind: 'select'; fields: string[] }
  | {
      kind: 'table';
      fields: string[];
      limit: number;
      sortby: string;
      order: 'asc' | 'desc';
    };

export interface ParsedQuery {
  stages: Stage[];
  /** True when a stage other than a filter or select() is present. */
  isAggregate: boolean;
}

/** The largest `limit` accepted (LogScale's default StateRowLimit is of this order). */
export const MAX_LIMIT = 200_000;

/** An argument of a function call, as written. */
export type ArgValue =
  | { kind: 'value'; text: string; pos: number }
  | { kind: 'list'; items: ArgValue[]; pos: number }
  | { kind: 'call'; call: Call; pos: number };

/** A function call (a pipeline stage, or count() inside groupBy()). */
export interface Call {
  name: string;
  pos: number;
  positional: ArgValue[];
  named: Map<string, ArgValue>;
}
