import { searchPulls, SearchValidationError } from '../../search/issues';
import { searchRepos } from '../../search/repos';
import { Connection, ConnectionArgs, listConnection } from '../connection';
import { GitHubGraphQLError } from '../errors';
import { UserNode } from './actors';
import type { GqlContext } from './context';
import { PullNode } from './pullRequest';
import { RepoNode } from './repository';

/** `search(type:, query:)`: pull requests, repositories or people. */
export function searchConnection(
  c: GqlContext,
  args: ConnectionArgs & { query: string; type: string },
) {
  const counts = {
    issueCount: 0,
    repositoryCount: 0,
    userCount: 0,
    codeCount: 0,
    wikiCount: 0,
    discussionCount: 0,
  };
  let conn: Connection<unknown>;
  try {
    if (args.type === 'ISSUE') {
      const result = searchPulls(c.app.store, args.query);
      counts.issueCount = result.total;
      // Like GitHub, only the first 1,000 results can be paged to.
      const hits = result.hits.slice(0, 1000);
      conn = new Connection(
        {
          total: hits.length,
          at: i => new PullNode(c, hits[i].index, hits[i].pull),
        },
        args,
      );
    } else if (args.type === 'REPOSITORY') {
      const hits = searchRepos(c.app.store, args.query);
      counts.repositoryCount = hits.length;
      const reachable = hits.slice(0, 1000);
      conn = new Connection(
        { total: reachable.length, at: i => new RepoNode(c, reachable[i]) },
        args,
      );
    } else if (args.type === 'USER') {
      const q = args.query.toLowerCase().trim();
      const users = c.app.store.users.filter(
        u => !q || u.login.includes(q) || u.name.toLowerCase().includes(q),
      );
      counts.userCount = users.length;
      conn = listConnection(
        users.map(u => new UserNode(c, u)),
        args,
      );
    } else {
      conn = listConnection([], args);
    }
  } catch (e) {
    if (e instanceof SearchValidationError) {
      throw new GitHubGraphQLError('INVALID', e.message);
    }
    throw e;
  }
  // Search connections report the per-type counts, not totalCount.
  return Object.assign(Object.create(conn), counts) as Connection<unknown> &
    typeof counts;
}
