import { ORG_CREATED, ORG_ID } from '../../data/generator/core';
import { nodeId } from '../../rest/ids';
import { ConnectionArgs, listConnection } from '../connection';
import { UserNode } from './actors';
import { avatarUrl, base, GqlContext, iso } from './context';
import { RepositoriesArgs, repoConnection } from './repositoryLists';
import { filterTeams, TeamNode } from './team';

export class OrgNode {
  readonly __typename = 'Organization';

  constructor(private readonly c: GqlContext) {}

  private get org() {
    return this.c.app.store.org;
  }
  get id() {
    return nodeId('Organization', ORG_ID);
  }
  get databaseId() {
    return ORG_ID;
  }
  get login() {
    return this.org;
  }
  get name() {
    return 'Meridian Bank';
  }
  get description() {
    return 'Meridian Bank engineering';
  }
  get email() {
    return null;
  }
  get websiteUrl() {
    return 'https://meridian.example';
  }
  get url() {
    return `${base(this.c)}/${this.org}`;
  }
  get resourcePath() {
    return `/${this.org}`;
  }
  avatarUrl(args: { size?: number | null }) {
    return avatarUrl(this.c, `u/${ORG_ID}`, args.size);
  }
  get createdAt() {
    return iso(ORG_CREATED);
  }
  get updatedAt() {
    return iso(ORG_CREATED + 3_000 * 86_400_000);
  }
  repositories(args: RepositoriesArgs) {
    return repoConnection(this.c, args);
  }
  repository(args: { name: string }) {
    const index = this.c.app.store.findIndex(this.org, args.name);
    return index === undefined ? null : this.c.nodes.repository(index);
  }
  team(args: { slug: string }) {
    const t = this.c.app.store.team(args.slug);
    return t ? new TeamNode(this.c, t) : null;
  }
  // Everyone in the organisation; the organisation team's immediate members
  // are its owners (ADMIN).
  membersWithRole(args: ConnectionArgs) {
    const store = this.c.app.store;
    const root = store.team(store.org);
    const admins = new Set(root?.memberLogins ?? []);
    return listConnection(
      store.orgMembers().map(u => new UserNode(this.c, u)),
      args,
      node => ({
        role: admins.has(node.login) ? 'ADMIN' : 'MEMBER',
        hasTwoFactorEnabled: null,
      }),
    );
  }
  teams(
    args: ConnectionArgs & {
      query?: string | null;
      userLogins?: string[] | null;
      rootTeamsOnly?: boolean | null;
      orderBy?: { direction: 'ASC' | 'DESC' } | null;
    },
  ) {
    const teams = filterTeams(this.c, this.c.app.store.teams, args).filter(
      t => !args.rootTeamsOnly || t.parentSlug === undefined,
    );
    return listConnection(
      teams.map(t => new TeamNode(this.c, t)),
      args,
    );
  }
}
