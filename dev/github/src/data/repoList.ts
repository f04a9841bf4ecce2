import type { RepoCore, Visibility } from './model';

export type RepoSort = 'created' | 'updated' | 'pushed' | 'full_name';

export interface RepoFilter {
  archived?: boolean;
  visibility?: Visibility[];
  squad?: number;
}

export interface RepoListQuery {
  sort: RepoSort;
  direction: 'asc' | 'desc';
  filter?: RepoFilter;
}

function matches(core: RepoCore, filter?: RepoFilter): boolean {
  if (!filter) return true;
  if (filter.archived !== undefined && core.archived !== filter.archived)
    return false;
  if (filter.visibility && !filter.visibility.includes(core.visibility))
    return false;
  if (filter.squad !== undefined && core.squad !== filter.squad) return false;
  return true;
}

/**
 * The repositories among `candidates` that pass the query's filter, in the
 * query's order, as indices. `candidates` come in creation order, which is
 * what "created" asks for; the other orders sort on the cheap core.
 */
export function orderRepos(
  candidates: Iterable<number>,
  core: (index: number) => RepoCore,
  query: RepoListQuery,
): Int32Array {
  const picked: number[] = [];
  const keys: Array<number | string> = [];
  for (const i of candidates) {
    const c = core(i);
    if (!matches(c, query.filter)) continue;
    picked.push(i);
    if (query.sort === 'pushed') keys.push(c.pushedAt);
    else if (query.sort === 'updated') keys.push(c.updatedAt);
    else if (query.sort === 'full_name') keys.push(c.name);
  }
  let order = Int32Array.from(picked);
  // Creation order is index order by construction; only the others sort.
  if (query.sort !== 'created') {
    const pos = Int32Array.from(picked.keys());
    pos.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      if (ka < kb) return -1;
      if (ka > kb) return 1;
      return picked[a] - picked[b];
    });
    order = pos.map(p => picked[p]);
  }
  if (query.direction === 'desc') order.reverse();
  return order;
}
