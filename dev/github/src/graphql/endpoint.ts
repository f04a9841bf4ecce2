import {
  buildSchema,
  DocumentNode,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
} from 'graphql';
import { rateLimitHeaders } from '../middleware/rateLimit';
import type { RequestContext, RouteDef } from '../http/context';
import { sendError } from '../http/responses';
import { route } from '../http/router';
import { analyzeCost } from './cost';
import { GitHubErrorShape, toGitHubError } from './errors';
import { rootValue } from './resolvers';
import { githubSchemaSdl } from './schema';

const DOCS = 'https://docs.github.com/graphql';

export const schema = buildSchema(githubSchemaSdl);

// Parsing and validating the same query text on every page of a long scan
// is most of a small request's cost; remember recent documents.
const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

function parseAndValidate(
  text: string,
): DocumentNode | readonly GraphQLError[] {
  const cached = documents.get(text);
  if (cached) return cached;
  let result: DocumentNode | readonly GraphQLError[];
  try {
    const doc = parse(text);
    const errors = validate(schema, doc);
    result = errors.length > 0 ? errors : doc;
  } catch (e) {
    result = [e as GraphQLError];
  }
  if (documents.size > 200)
    documents.delete(documents.keys().next().value as string);
  documents.set(text, result);
  return result;
}

function send(ctx: RequestContext, body: unknown) {
  ctx.res.status(200);
  ctx.res.setHeader('content-type', 'application/json; charset=utf-8');
  ctx.res.end(JSON.stringify(body));
}

async function handle(ctx: RequestContext) {
  const body = ctx.req.body as
    | { query?: unknown; variables?: unknown; operationName?: unknown }
    | undefined;
  if (!body || typeof body !== 'object') {
    sendError(ctx, 400, 'Problems parsing JSON', DOCS);
    return;
  }
  const limiter = ctx.app.limiter;
  const respondWithoutCharge = (errors: GitHubErrorShape[]) => {
    ctx.res.set(rateLimitHeaders(limiter.peek('graphql')));
    send(ctx, { errors });
  };
  if (typeof body.query !== 'string') {
    respondWithoutCharge([
      { message: 'A query attribute must be specified and must be a string.' },
    ]);
    return;
  }
  const parsed = parseAndValidate(body.query);
  if (!('kind' in parsed)) {
    respondWithoutCharge(parsed.map(toGitHubError));
    return;
  }
  const operationName =
    typeof body.operationName === 'string' ? body.operationName : undefined;
  const operation = getOperationAST(parsed, operationName);
  if (!operation) {
    respondWithoutCharge([
      {
        message: operationName
          ? `No operation named "${operationName}"`
          : 'An operation name is required',
      },
    ]);
    return;
  }
  if (operation.operation !== 'query') {
    respondWithoutCharge([
      {
        message: `Schema is not configured for ${operation.operation}s`,
      },
    ]);
    return;
  }
  const variables =
    body.variables && typeof body.variables === 'object'
      ? (body.variables as Record<string, unknown>)
      : {};
  const cost = analyzeCost(schema, parsed, operation, variables);
  ctx.graphql = { operationName: operation.name?.value, cost: 0 };
  if (cost.errors.length > 0) {
    respondWithoutCharge(cost.errors);
    return;
  }
  // GitHub charges before running the query: a query that does not fit the
  // remaining budget is refused whole.
  let rate;
  if (cost.dryRun) {
    rate = limiter.peek('graphql');
  } else {
    const charged = limiter.consume('graphql', cost.cost);
    rate = charged.snapshot;
    ctx.res.set(rateLimitHeaders(rate));
    if (!charged.ok) {
      ctx.rateLimited = true;
      send(ctx, {
        errors: [
          {
            type: 'RATE_LIMITED',
            code: 'graphql_rate_limit',
            message: 'API rate limit exceeded for user ID 1.',
          },
        ],
      });
      return;
    }
    ctx.charged = { resource: 'graphql', cost: cost.cost };
    ctx.graphql.cost = cost.cost;
  }
  ctx.res.set(rateLimitHeaders(rate));
  const result = await execute({
    schema,
    document: parsed,
    operationName,
    variableValues: variables,
    rootValue: rootValue({ app: ctx.app, cost, rate }),
    contextValue: {},
  });
  send(ctx, {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors ? { errors: result.errors.map(toGitHubError) } : {}),
  });
}

export const graphqlRoutes: RouteDef[] = [
  route('POST', '/graphql', 'graphql', DOCS, handle),
];
