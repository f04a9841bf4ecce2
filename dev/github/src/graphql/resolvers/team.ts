import type { TeamRecord, UserRecord } from '../../data/model';
import { nodeId } from '../../rest/ids';
import { ConnectionArgs, listConnection } from '../connection';
import { UserNode } from './actors';
import { base, GqlContext, iso } from './context';
import {
  indexConnection,
  RepositoriesArgs,
  repoConnection,
} from './repositoryLists';

/** GitHub's team filters: name query, teams any of `userLogins` is an immediate member of, order. */
export function filterTeams(
  c: GqlContext,
  all: TeamRecord[],
  args: {
    query?: string | null;
    userLogins?: string[] | null;
    orderBy?: { direction: 'ASC' | 'DESC' } | null;
  },
): TeamRecord[] {
  const store = c.app.store;
  let teams = all.slice();
  if (args.query) {
    const q = args.query.toLowerCase();
    teams = teams.filter(
      t => t.slug.includes(q) || t.name.toLowerCase().includes(q),
    );
  }
  if (args.userLogins?.length) {
    const logins = new Set(args.userLogins.map(l => l.toLowerCase()));
    teams = teams.filter(t =>
      store.teamMembers(t).some(u => logins.has(u.login.toLowerCase())),
    );
  }
  if (args.orderBy) {
    teams.sort((a, b) => a.name.localeCompare(b.name));
    if (args.orderBy.direction === 'DESC') teams.reverse();
  }
  return teams;
}

export class TeamNode {
  readonly __typename = 'Team';

  constructor(private readonly c: GqlContext, private readonly t: TeamRecord) {}

  get id() {
    return nodeId('Team', this.t.id);
  }
  get databaseId() {
    return this.t.id;
  }
  get name() {
    return this.t.name;
  }
  get slug() {
    return this.t.slug;
  }
  get combinedSlug() {
    return `${this.c.app.store.org}/${this.t.slug}`;
  }
  get description() {
    return this.t.description;
  }
  get privacy() {
    return 'VISIBLE';
  }
  get url() {
    return `${base(this.c)}/orgs/${this.c.app.store.org}/teams/${this.t.slug}`;
  }
  get resourcePath() {
    return `/orgs/${this.c.app.store.org}/teams/${this.t.slug}`;
  }
  get editTeamResourcePath() {
    return `${this.resourcePath}/edit`;
  }
  get editTeamUrl() {
    return `${this.url}/edit`;
  }
  get parentTeam() {
    const parent = this.t.parentSlug
      ? this.c.app.store.team(this.t.parentSlug)
      : undefined;
    return parent ? new TeamNode(this.c, parent) : null;
  }
  childTeams(
    args: ConnectionArgs & {
      immediateOnly?: boolean | null;
      userLogins?: string[] | null;
      orderBy?: { direction: 'ASC' | 'DESC' } | null;
    },
  ) {
    const children = this.c.app.store.childTeams(
      this.t,
      args.immediateOnly === false,
    );
    return listConnection(
      filterTeams(this.c, children, args).map(t => new TeamNode(this.c, t)),
      args,
    );
  }
  avatarUrl() {
    return null;
  }
  get createdAt() {
    return iso(this.t.createdAt);
  }
  get updatedAt() {
    return iso(this.t.createdAt + 90 * 86_400_000);
  }
  get organization() {
    return this.c.nodes.organization();
  }
  members(
    args: ConnectionArgs & {
      query?: string | null;
      role?: string | null;
      membership?: 'ALL' | 'IMMEDIATE' | 'CHILD_TEAM' | null;
    },
  ) {
    const store = this.c.app.store;
    const immediate = store.teamMembers(this.t);
    const maintainer = immediate[0]?.login;
    // GitHub: ALL (the default) is immediate members and child teams' members.
    const membership = args.membership ?? 'ALL';
    const fromChildren =
      membership === 'IMMEDIATE'
        ? []
        : store.childTeams(this.t, true).flatMap(t => store.teamMembers(t));
    const byLogin = new Map<string, UserRecord>();
    for (const u of membership === 'CHILD_TEAM' ? [] : immediate) {
      byLogin.set(u.login, u);
    }
    for (const u of fromChildren) {
      if (!byLogin.has(u.login)) byLogin.set(u.login, u);
    }
    let members = [...byLogin.values()];
    if (args.role) {
      members = members.filter(
        u => (u.login === maintainer) === (args.role === 'MAINTAINER'),
      );
    }
    if (args.query) {
      const q = args.query.toLowerCase();
      members = members.filter(
        u => u.login.includes(q) || u.name.toLowerCase().includes(q),
      );
    }
    const org = this.c.app.store.org;
    return listConnection(
      members.map(u => new UserNode(this.c, u)),
      args,
      node => ({
        role: node.login === maintainer ? 'MAINTAINER' : 'MEMBER',
        memberAccessResourcePath: `/orgs/${org}/teams/${this.t.slug}/members`,
        memberAccessUrl: `${base(this.c)}/orgs/${org}/teams/${
          this.t.slug
        }/members`,
      }),
    );
  }
  repositories(args: RepositoriesArgs & { query?: string | null }) {
    const conn = repoConnection(
      this.c,
      { ...args, orderBy: args.orderBy },
      { squad: this.t.squad },
      () => ({
        permission: 'ADMIN',
      }),
    );
    if (!args.query) return conn;
    const q = args.query.toLowerCase();
    const order = this.c.app.store
      .teamRepos(this.t)
      .filter(i => this.c.app.store.core(i).name.includes(q));
    return indexConnection(this.c, order, args, () => ({
      permission: 'ADMIN',
    }));
  }
}
