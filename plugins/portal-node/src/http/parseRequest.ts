import { InputError } from '@backstage/errors';

/** The part of a zod issue (v3 or v4) that the message is made from. */
export interface RequestIssue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: ReadonlyArray<string>;
}

/**
 * A zod schema, v3 or v4: only `safeParse` is used, so this package does
 * not depend on either.
 */
export interface RequestSchema {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: ReadonlyArray<RequestIssue> } };
}

/** What `parseRequest` returns for `schema`: the schema's output type. */
export type ParsedRequest<S extends RequestSchema> = Extract<
  ReturnType<S['safeParse']>,
  { success: true }
>['data'];

type ObjectSchema = RequestSchema & {
  strict(): RequestSchema;
  /** zod v3: `strip` unless the schema chose `strict` or `passthrough`. */
  _def?: { unknownKeys?: string };
  /** zod v4: set when the schema chose `strict` or `passthrough`. */
  _zod?: { def?: { catchall?: unknown } };
};

function choseUnknownKeys(schema: ObjectSchema): boolean {
  const v3 = schema._def?.unknownKeys;
  return (
    (v3 !== undefined && v3 !== 'strip') ||
    schema._zod?.def?.catchall !== undefined
  );
}

const strictSchemas = new WeakMap<RequestSchema, RequestSchema>();

/**
 * An object schema refusing unknown keys. A key the schema does not name
 * is a caller's mistake (a misspelt filter silently matching everything).
 * A schema that chose (`.strict()`, `.passthrough()`) keeps its choice;
 * nested objects declare `.strict()` themselves.
 */
function strictTopLevel(schema: RequestSchema): RequestSchema {
  const object = schema as ObjectSchema;
  if (typeof object.strict !== 'function' || choseUnknownKeys(object)) {
    return schema;
  }
  let strict = strictSchemas.get(schema);
  if (!strict) {
    strict = object.strict();
    strictSchemas.set(schema, strict);
  }
  return strict;
}

function describe(issue: RequestIssue, where: string): string {
  const field = issue.path.map(String).join('.') || where;
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `${field}: unknown parameter(s) ${issue.keys.join(', ')}`;
  }
  return `${field}: ${issue.message}`;
}

/**
 * Validates one part of a request (`req.body`, `req.query`, `req.params`)
 * against a zod schema. A failure is an `InputError` (400) naming every
 * problem by its field path (`Invalid request: limit: must be at most 500;
 * target: unknown parameter(s) x`); `where` names the part itself when the
 * problem is the whole of it (`query: unknown parameter(s) colour`).
 * Unknown top-level keys are refused.
 */
export function parseRequest<S extends RequestSchema>(
  schema: S,
  input: unknown,
  where: string = 'body',
): ParsedRequest<S> {
  const result = strictTopLevel(schema).safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(issue => describe(issue, where));
    throw new InputError(`Invalid request: ${problems.join('; ')}`);
  }
  return result.data as ParsedRequest<S>;
}
