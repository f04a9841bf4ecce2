import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLNamedType,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromAST,
} from 'graphql';
import type { GitHubErrorShape } from './errors';

export interface QueryCost {
  /** Rate-limit points: connection requests / 100, rounded, at least 1. */
  cost: number;
  /** The most nodes the query could return. */
  nodeCount: number;
  errors: GitHubErrorShape[];
  /** Whether the query asked for rateLimit(dryRun: true). */
  dryRun: boolean;
}

const MAX_NODES = 500_000;
const MAX_PAGE = 100;

/**
 * GitHub's documented cost model: every connection needs `first` or `last`
 * (1..100); a connection costs one request per parent node that could
 * reach it; points = requests / 100, rounded, minimum 1; and no query may
 * touch more than 500,000 nodes.
 */
export function analyzeCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const errors: GitHubErrorShape[] = [];
  let requests = 0;
  let nodes = 0;
  let dryRun = false;

  const argValue = (
    field: FieldNode,
    parent: GraphQLNamedType,
    name: string,
  ): unknown => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
    const def = parent
      .getFields()
      [field.name.value]?.args.find(a => a.name === name);
    const node = field.arguments?.find(a => a.name.value === name);
    if (!def || !node) return undefined;
    return valueFromAST(node.value, def.type, variables);
  };

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLNamedType,
    multiplier: number,
    path: string[],
    seen: Set<string>,
  ) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition
          ? schema.getType(sel.typeCondition.name.value) ?? parent
          : parent;
        walk(sel.selectionSet, t, multiplier, path, seen);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(sel.name.value);
        if (!f || seen.has(f.name.value)) continue;
        const t = schema.getType(f.typeCondition.name.value) ?? parent;
        walk(
          f.selectionSet,
          t,
          multiplier,
          path,
          new Set([...seen, f.name.value]),
        );
        continue;
      }
      const name = sel.name.value;
      if (name.startsWith('__')) continue;
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const def = parent.getFields()[name];
      if (!def) continue;
      const type = getNamedType(def.type);
      const key = sel.alias?.value ?? name;
      const here = [...path, key];
      let childMultiplier = multiplier;
      if (name === 'rateLimit' && argValue(sel, parent, 'dryRun') === true) {
        dryRun = true;
      }
      if (type.name.endsWith('Connection')) {
        const first = argValue(sel, parent, 'first') as
          | number
          | null
          | undefined;
        const last = argValue(sel, parent, 'last') as number | null | undefined;
        const n = first ?? last;
        const location = sel.loc
          ? [
              {
                line: sel.loc.startToken.line,
                column: sel.loc.startToken.column,
              },
            ]
          : undefined;
        if (n === null || n === undefined) {
          errors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            path: here,
            locations: location,
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
          });
          continue;
        }
        if (n > MAX_PAGE || n < 0) {
          const which =
            first !== null && first !== undefined ? 'first' : 'last';
          errors.push({
            type: n < 0 ? 'INVALID_ARGUMENTS' : 'EXCESSIVE_PAGINATION',
            path: here,
            locations: location,
            message:
              n < 0
                ? `\`${which}\` on the \`${name}\` connection cannot be less than zero.`
                : `Requesting ${n} records on the \`${name}\` connection exceeds the \`${which}\` limit of ${MAX_PAGE} records.`,
          });
          continue;
        }
        requests += multiplier;
        nodes += multiplier * n;
        childMultiplier = multiplier * n;
        if (nodes > MAX_NODES) {
          errors.push({
            type: 'MAX_NODE_LIMIT_EXCEEDED',
            path: here,
            locations: location,
            message: `By the time this query traverses to the ${name} connection, it is requesting up to ${nodes.toLocaleString(
              'en-US',
            )} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString(
              'en-US',
            )}.`,
          });
          continue;
        }
      }
      if (sel.selectionSet && isCompositeType(type)) {
        walk(sel.selectionSet, type, childMultiplier, here, seen);
      }
    }
  };

  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : schema.getQueryType();
  if (root) walk(operation.selectionSet, root, 1, [], new Set());
  return {
    cost: Math.max(1, Math.round(requests / 100)),
    nodeCount: nodes,
    errors,
    dryRun,
  };
}
