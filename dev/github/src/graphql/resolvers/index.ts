import { ORG_ID, REPO_ID_BASE } from '../../data/generator/core';
import { BOTS } from '../../data/generator/people';
import { decodeNodeId } from '../../rest/ids';
import type { ConnectionArgs } from '../connection';
import { BotNode, UserNode } from './actors';
import { GqlContext, GqlRequest, iso, notFound } from './context';
import { OrgNode } from './organization';
import { PullNode, ReviewNode } from './pullRequest';
import { RepoNode } from './repository';
import { searchConnection } from './search';
import { TeamNode } from './team';

function nodeById(c: GqlContext, id: string): unknown {
  const decoded = decodeNodeId(id);
  const store = c.app.store;
  const missing = () =>
    notFound(`Could not resolve to a node with the global id of '${id}'`);
  if (!decoded) return missing();
  const [a, b, d] = decoded.parts;
  switch (decoded.kind) {
    case 'Repository': {
      const index = Number(a) - REPO_ID_BASE;
      return store.isVisible(index) ? new RepoNode(c, index) : missing();
    }
    case 'Organization':
      return Number(a) === ORG_ID ? new OrgNode(c) : missing();
    case 'User':
    case 'Bot': {
      const found = [...store.users, ...BOTS].find(x => x.id === Number(a));
      if (!found) return missing();
      return found.type === 'Bot'
        ? new BotNode(c, found)
        : new UserNode(c, found);
    }
    case 'Team': {
      const t = store.teams.find(x => x.id === Number(a));
      return t ? new TeamNode(c, t) : missing();
    }
    case 'PullRequest':
    case 'PullRequestReview': {
      const index = Number(a);
      if (!store.isVisible(index)) return missing();
      const pull = store
        .repo(index)
        .record.pulls.find(p => p.number === Number(b));
      if (!pull) return missing();
      const pr = new PullNode(c, index, pull);
      if (decoded.kind === 'PullRequest') return pr;
      const review = pull.reviews.find(r => r.id === Number(d));
      return review ? new ReviewNode(c, pr, review) : missing();
    }
    default:
      return missing();
  }
}

/** The query root of one request; every type is reachable from here. */
export function rootValue(request: GqlRequest) {
  const c: GqlContext = {
    ...request,
    nodes: {
      repository: index => new RepoNode(c, index),
      organization: () => new OrgNode(c),
    },
  };
  const store = c.app.store;
  return {
    organization(args: { login: string }) {
      if (args.login.toLowerCase() !== store.org.toLowerCase()) {
        throw notFound(
          `Could not resolve to an Organization with the login of '${args.login}'.`,
        );
      }
      return new OrgNode(c);
    },
    repository(args: { owner: string; name: string }) {
      const index = store.findIndex(args.owner, args.name);
      if (index === undefined) {
        throw notFound(
          `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`,
        );
      }
      return new RepoNode(c, index);
    },
    repositoryOwner(args: { login: string }) {
      if (args.login.toLowerCase() === store.org.toLowerCase())
        return new OrgNode(c);
      const u = store.user(args.login);
      return u && u.type === 'User' ? new UserNode(c, u) : null;
    },
    user(args: { login: string }) {
      const u = store.user(args.login);
      if (!u || u.type !== 'User') {
        throw notFound(
          `Could not resolve to a User with the login of '${args.login}'.`,
        );
      }
      return new UserNode(c, u);
    },
    viewer() {
      return new UserNode(c, store.users[0]);
    },
    search(args: ConnectionArgs & { query: string; type: string }) {
      return searchConnection(c, args);
    },
    rateLimit() {
      return {
        cost: c.cost.cost,
        limit: c.rate.limit,
        nodeCount: c.cost.nodeCount,
        remaining: c.rate.remaining,
        resetAt: iso(c.rate.reset * 1000),
        used: c.rate.used,
      };
    },
    node(args: { id: string }) {
      const n = nodeById(c, args.id);
      if (n instanceof Error) throw n;
      return n;
    },
    nodes(args: { ids: string[] }) {
      return args.ids.map(id => nodeById(c, id));
    },
  };
}
