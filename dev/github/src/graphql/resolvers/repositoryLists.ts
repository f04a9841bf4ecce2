import type { RepoFilter, RepoSort } from '../../data/repoList';
import { Connection, ConnectionArgs } from '../connection';
import type { GqlContext } from './context';

const ORDER_FIELD: Record<string, RepoSort> = {
  CREATED_AT: 'created',
  UPDATED_AT: 'updated',
  PUSHED_AT: 'pushed',
  NAME: 'full_name',
  // Every generated repository has a handful of stars; creation order stands in.
  STARGAZERS: 'created',
};

export interface RepositoriesArgs extends ConnectionArgs {
  orderBy?: { field: string; direction: 'ASC' | 'DESC' } | null;
  privacy?: 'PUBLIC' | 'PRIVATE' | null;
  visibility?: 'PUBLIC' | 'PRIVATE' | 'INTERNAL' | null;
  isArchived?: boolean | null;
  isFork?: boolean | null;
  isLocked?: boolean | null;
  hasIssuesEnabled?: boolean | null;
}

/**
 * A connection over repositories given as indices in order; cursors carry
 * the index, so that they survive repositories deleted before them.
 */
export function indexConnection(
  c: GqlContext,
  order: Int32Array,
  args: ConnectionArgs,
  edgeExtra?: (node: object) => Record<string, unknown>,
): Connection<object> {
  return new Connection<object>(
    {
      total: order.length,
      at: i => c.nodes.repository(order[i]),
      keyAt: i => order[i],
      locate: key => order.indexOf(key as number),
      edgeExtra,
    },
    args,
  );
}

/** `repositories(...)` of an organisation or team: GitHub's filters and orders. */
export function repoConnection(
  c: GqlContext,
  args: RepositoriesArgs,
  extraFilter: RepoFilter = {},
  edgeExtra?: (node: object) => Record<string, unknown>,
) {
  const store = c.app.store;
  const filter: RepoFilter = { ...extraFilter };
  if (args.isArchived !== null && args.isArchived !== undefined) {
    filter.archived = args.isArchived;
  }
  if (args.privacy) {
    filter.visibility =
      args.privacy === 'PUBLIC' ? ['public'] : ['private', 'internal'];
  }
  if (args.visibility) {
    const v = args.visibility.toLowerCase() as
      | 'public'
      | 'private'
      | 'internal';
    filter.visibility = filter.visibility
      ? filter.visibility.filter(x => x === v)
      : [v];
  }
  // None of the generated repositories is a fork, locked, or without issues.
  if (
    args.isFork === true ||
    args.isLocked === true ||
    args.hasIssuesEnabled === false
  ) {
    filter.visibility = [];
  }
  const sort = ORDER_FIELD[args.orderBy?.field ?? 'CREATED_AT'] ?? 'created';
  const direction = args.orderBy?.direction === 'DESC' ? 'desc' : 'asc';
  const order = store.list({ sort, direction, filter });
  return indexConnection(c, order, args, edgeExtra);
}
