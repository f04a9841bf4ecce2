/* eslint-disable @typescript-eslint/no-use-before-define -- GitHub's types reference each other in cycles */
import {
  ORG_CREATED,
  ORG_ID,
  REPO_ID_BASE,
  squadSlug,
} from '../data/generator/core';
import { BOTS } from '../data/generator/people';
import type { GitBlob, GitTree } from '../data/git';
import type {
  CommitState,
  PullRecord,
  ReviewRecord,
  TeamRecord,
  UserRecord,
} from '../data/model';
import { reviewDecision } from '../data/reviews';
import type { RepoFilter, RepoSort } from '../data/repoList';
import { LABELS, LANGUAGE_COLORS } from '../data/vocabulary';
import type { AppContext } from '../http/context';
import { commitMeta, resolveRef } from '../rest/common';
import { decodeNodeId, nodeId } from '../rest/ids';
import { searchPulls, SearchValidationError } from '../search/issues';
import { searchRepos } from '../search/repos';
import type { RateLimitSnapshot } from '../middleware/rateLimit';
import { Connection, ConnectionArgs, listConnection } from './connection';
import type { QueryCost } from './cost';
import { GitHubGraphQLError } from './errors';

/*
 * Resolver objects: one class per GitHub type, whose getters and methods are
 * the fields (graphql-js's default resolver calls methods with the field's
 * arguments). `__typename` on each lets interfaces and unions resolve.
 */

export interface GqlContext {
  app: AppContext;
  cost: QueryCost;
  rate: RateLimitSnapshot;
}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined
    ? null
    : new Date(Math.floor(ms / 1000) * 1000)
        .toISOString()
        .replace('.000Z', 'Z');

const base = (c: GqlContext) => c.app.baseUrl;

function notFound(message: string): GitHubGraphQLError {
  return new GitHubGraphQLError('NOT_FOUND', message);
}

// ---- actors -------------------------------------------------------------

class UserNode {
  readonly __typename = 'User';

  constructor(private readonly c: GqlContext, private readonly u: UserRecord) {}

  get id() {
    return nodeId('User', this.u.id);
  }
  get databaseId() {
    return this.u.id;
  }
  get login() {
    return this.u.login;
  }
  get name() {
    return this.u.name;
  }
  // GitHub returns "" unless the user made their email public.
  get email() {
    return '';
  }
  get company() {
    return '@meridian';
  }
  get bio() {
    return null;
  }
  // The organisation verified the meridian.example domain: members' work
  // addresses are verified-domain emails of their organisation.
  organizationVerifiedDomainEmails(args: { login: string }) {
    return this.u.type === 'User' &&
      args.login.toLowerCase() === this.c.app.store.org.toLowerCase()
      ? [this.u.email]
      : [];
  }
  get url() {
    return `${base(this.c)}/${this.u.login}`;
  }
  get resourcePath() {
    return `/${this.u.login}`;
  }
  avatarUrl(args: { size?: number | null }) {
    return `${base(this.c)}/avatars/u/${this.u.id}?v=4${
      args.size ? `&s=${args.size}` : ''
    }`;
  }
  get createdAt() {
    return iso(this.u.createdAt);
  }
  get updatedAt() {
    return iso(this.u.createdAt + 86_400_000);
  }
  repositories(args: ConnectionArgs) {
    return listConnection<RepoNode>([], args);
  }
  repository() {
    return null;
  }
}

class BotNode {
  readonly __typename = 'Bot';

  constructor(private readonly c: GqlContext, private readonly u: UserRecord) {}

  get id() {
    return nodeId('Bot', this.u.id);
  }
  get databaseId() {
    return this.u.id;
  }
  // GraphQL names bots without the "[bot]" suffix REST uses.
  get login() {
    return this.u.login.replace(/\[bot\]$/, '');
  }
  get url() {
    return `${base(this.c)}/apps/${this.login}`;
  }
  get resourcePath() {
    return `/apps/${this.login}`;
  }
  avatarUrl(args: { size?: number | null }) {
    return `${base(this.c)}/avatars/in/${this.u.id}?v=4${
      args.size ? `&s=${args.size}` : ''
    }`;
  }
  get createdAt() {
    return iso(this.u.createdAt);
  }
  get updatedAt() {
    return iso(this.u.createdAt);
  }
}

function actor(c: GqlContext, login: string): UserNode | BotNode | null {
  const u = c.app.store.user(login);
  if (!u) return null;
  return u.type === 'Bot' ? new BotNode(c, u) : new UserNode(c, u);
}

// ---- organisation and teams -----------------------------------------------

const ORDER_FIELD: Record<string, RepoSort> = {
  CREATED_AT: 'created',
  UPDATED_AT: 'updated',
  PUSHED_AT: 'pushed',
  NAME: 'full_name',
  // Every generated repository has a handful of stars; creation order stands in.
  STARGAZERS: 'created',
};

interface RepositoriesArgs extends ConnectionArgs {
  orderBy?: { field: string; direction: 'ASC' | 'DESC' } | null;
  privacy?: 'PUBLIC' | 'PRIVATE' | null;
  visibility?: 'PUBLIC' | 'PRIVATE' | 'INTERNAL' | null;
  isArchived?: boolean | null;
  isFork?: boolean | null;
  isLocked?: boolean | null;
  hasIssuesEnabled?: boolean | null;
}

function repoConnection(
  c: GqlContext,
  args: RepositoriesArgs,
  extraFilter: RepoFilter = {},
  edgeExtra?: (node: RepoNode) => Record<string, unknown>,
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
  return new Connection<RepoNode>(
    {
      total: order.length,
      at: i => new RepoNode(c, order[i]),
      keyAt: i => order[i],
      locate: key => order.indexOf(key as number),
      edgeExtra,
    },
    args,
  );
}

class OrgNode {
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
    return `${base(this.c)}/avatars/u/${ORG_ID}?v=4${
      args.size ? `&s=${args.size}` : ''
    }`;
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
    return index === undefined ? null : new RepoNode(this.c, index);
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

/** GitHub's team filters: name query, teams any of `userLogins` is an immediate member of, order. */
function filterTeams(
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

class TeamNode {
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
    return new OrgNode(this.c);
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
    return new Connection<RepoNode>(
      {
        total: order.length,
        at: i => new RepoNode(this.c, order[i]),
        keyAt: i => order[i],
        locate: key => order.indexOf(key as number),
        edgeExtra: () => ({ permission: 'ADMIN' }),
      },
      args,
    );
  }
}

// ---- git objects ----------------------------------------------------------

class BlobNode {
  readonly __typename = 'Blob';

  constructor(
    private readonly c: GqlContext,
    private readonly index: number,
    private readonly blob: GitBlob,
    private readonly commitSha: string,
  ) {}

  get id() {
    return nodeId('Blob', this.index, this.blob.sha);
  }
  get oid() {
    return this.blob.sha;
  }
  get abbreviatedOid() {
    return this.blob.sha.slice(0, 7);
  }
  get byteSize() {
    return this.blob.size;
  }
  get isBinary() {
    return this.blob.content.includes(0);
  }
  get isTruncated() {
    return false;
  }
  get text() {
    return this.isBinary ? null : this.blob.content.toString('utf8');
  }
  get commitResourcePath() {
    return `/${this.c.app.store.org}/${this.repository.name}/commit/${this.commitSha}`;
  }
  get commitUrl() {
    return `${base(this.c)}${this.commitResourcePath}`;
  }
  get repository() {
    return new RepoNode(this.c, this.index);
  }
}

class TreeNode {
  readonly __typename = 'Tree';

  constructor(
    private readonly c: GqlContext,
    private readonly index: number,
    private readonly tree: GitTree,
    private readonly commitSha: string,
  ) {}

  get id() {
    return nodeId('Tree', this.index, this.tree.sha);
  }
  get oid() {
    return this.tree.sha;
  }
  get abbreviatedOid() {
    return this.tree.sha.slice(0, 7);
  }
  get commitResourcePath() {
    return `/${this.c.app.store.org}/${this.repository.name}/commit/${this.commitSha}`;
  }
  get commitUrl() {
    return `${base(this.c)}${this.commitResourcePath}`;
  }
  get repository() {
    return new RepoNode(this.c, this.index);
  }
  get entries() {
    return this.tree.entries.map(e => {
      const isBlob = e.type === 'blob';
      const dot = e.name.lastIndexOf('.');
      return {
        name: e.name,
        path: e.path,
        type: e.type,
        mode: isBlob ? 33188 : 16384,
        oid: e.sha,
        size: isBlob ? e.size : 0,
        extension: isBlob && dot > 0 ? e.name.slice(dot) : null,
        isGenerated: false,
        lineCount: isBlob
          ? e.content.toString('utf8').split('\n').length - 1
          : null,
        object: isBlob
          ? new BlobNode(this.c, this.index, e, this.commitSha)
          : new TreeNode(this.c, this.index, e, this.commitSha),
        repository: this.repository,
      };
    });
  }
}

class CommitNode {
  readonly __typename = 'Commit';

  constructor(
    private readonly c: GqlContext,
    private readonly index: number,
    private readonly sha: string,
  ) {}

  private get view() {
    return this.c.app.store.repo(this.index);
  }
  get id() {
    return nodeId('Commit', this.index, this.sha);
  }
  get oid() {
    return this.sha;
  }
  get abbreviatedOid() {
    return this.sha.slice(0, 7);
  }
  private get meta() {
    return commitMeta(this.c.app.store, this.view, this.sha);
  }
  get message() {
    return this.meta.message;
  }
  get messageHeadline() {
    return this.message.split('\n')[0];
  }
  get messageBody() {
    return this.message.split('\n').slice(2).join('\n');
  }
  get committedDate() {
    return iso(this.meta.committer.date);
  }
  get authoredDate() {
    return iso(this.meta.author.date);
  }
  get author() {
    const meta = this.meta;
    const u = meta.authorLogin
      ? this.c.app.store.user(meta.authorLogin)
      : undefined;
    return {
      name: meta.author.name,
      email: meta.author.email,
      date: iso(meta.author.date),
      avatarUrl: () => `${base(this.c)}/avatars/u/${u?.id ?? 0}?v=4`,
      user: u && u.type === 'User' ? new UserNode(this.c, u) : null,
    };
  }
  get committer() {
    const meta = this.meta;
    return {
      name: meta.committer.name,
      email: meta.committer.email,
      date: iso(meta.committer.date),
      avatarUrl: () => `${base(this.c)}/avatars/u/19864447?v=4`,
      user: null,
    };
  }
  get tree() {
    const pushed = this.view.pushed?.commits.get(this.sha);
    return new TreeNode(
      this.c,
      this.index,
      (pushed?.snapshot ?? this.view.snapshot()).root,
      this.sha,
    );
  }
  get resourcePath() {
    return `/${this.c.app.store.org}/${this.view.record.name}/commit/${this.sha}`;
  }
  /** Only the default branch's head carries a status (null without a workflow file). */
  get statusCheckRollup(): { state: CommitState; commit: CommitNode } | null {
    const state = this.c.app.store.commitStatus(this.index, this.sha);
    return state === null ? null : { state, commit: this };
  }
  get url() {
    return `${base(this.c)}${this.resourcePath}`;
  }
  get commitResourcePath() {
    return this.resourcePath;
  }
  get commitUrl() {
    return this.url;
  }
  get repository() {
    return new RepoNode(this.c, this.index);
  }
}

class BranchProtectionRuleNode {
  readonly __typename = 'BranchProtectionRule';

  constructor(private readonly c: GqlContext, private readonly index: number) {}

  private get r() {
    return this.c.app.store.repo(this.index).record;
  }
  private get p() {
    return this.r.protection!;
  }
  get id() {
    return nodeId('BranchProtectionRule', this.index);
  }
  get databaseId() {
    return 20_000_000 + this.index;
  }
  get pattern() {
    return this.r.defaultBranch;
  }
  get requiresApprovingReviews() {
    return this.p.requiredApprovingReviewCount !== null;
  }
  get requiredApprovingReviewCount() {
    return this.p.requiredApprovingReviewCount;
  }
  get requiresCodeOwnerReviews() {
    return this.p.requireCodeOwnerReviews;
  }
  get dismissesStaleReviews() {
    return this.p.dismissStaleReviews;
  }
  get requiresStatusChecks() {
    return this.p.requiredStatusChecks !== null;
  }
  get requiredStatusCheckContexts() {
    return this.p.requiredStatusChecks ?? [];
  }
  get requiresStrictStatusChecks() {
    return this.p.strictStatusChecks;
  }
  get isAdminEnforced() {
    return this.p.enforceAdmins;
  }
  get requiresLinearHistory() {
    return this.p.requiredLinearHistory;
  }
  get requiresConversationResolution() {
    return this.p.requiredConversationResolution;
  }
  get allowsForcePushes() {
    return this.p.allowForcePushes;
  }
  get allowsDeletions() {
    return this.p.allowDeletions;
  }
  get repository() {
    return new RepoNode(this.c, this.index);
  }
}

class RefNode {
  readonly __typename = 'Ref';

  constructor(
    private readonly c: GqlContext,
    private readonly index: number,
    readonly name: string,
    private readonly sha: string,
  ) {}

  get id() {
    return nodeId('Ref', this.index, this.name);
  }
  get prefix() {
    return 'refs/heads/';
  }
  get target() {
    return new CommitNode(this.c, this.index, this.sha);
  }
  get repository() {
    return new RepoNode(this.c, this.index);
  }
  get branchProtectionRule() {
    const r = this.c.app.store.repo(this.index).record;
    return r.protection && this.name === r.defaultBranch
      ? new BranchProtectionRuleNode(this.c, this.index)
      : null;
  }
}

// ---- repositories -----------------------------------------------------------

export class RepoNode {
  readonly __typename = 'Repository';

  constructor(private readonly c: GqlContext, readonly index: number) {}

  private get view() {
    return this.c.app.store.repo(this.index);
  }
  private get r() {
    return this.view.record;
  }
  get id() {
    return nodeId('Repository', this.r.id);
  }
  get databaseId() {
    return this.r.id;
  }
  get name() {
    return this.r.name;
  }
  get nameWithOwner() {
    return `${this.c.app.store.org}/${this.r.name}`;
  }
  get description() {
    return this.r.description;
  }
  get url() {
    return `${base(this.c)}/${this.nameWithOwner}`;
  }
  get resourcePath() {
    return `/${this.nameWithOwner}`;
  }
  get homepageUrl() {
    return this.r.homepage;
  }
  get sshUrl() {
    return `git@${new URL(base(this.c)).hostname}:${this.nameWithOwner}.git`;
  }
  get isArchived() {
    return this.r.archived;
  }
  get archivedAt() {
    return this.r.archived ? iso(this.r.updatedAt) : null;
  }
  get isPrivate() {
    return this.r.visibility !== 'public';
  }
  get visibility() {
    return this.r.visibility.toUpperCase();
  }
  get isFork() {
    return false;
  }
  get isTemplate() {
    return false;
  }
  get isDisabled() {
    return false;
  }
  get isLocked() {
    return false;
  }
  get isMirror() {
    return false;
  }
  get isInOrganization() {
    return true;
  }
  get isEmpty() {
    return this.r.files.size === 0;
  }
  get createdAt() {
    return iso(this.r.createdAt);
  }
  get pushedAt() {
    return iso(this.r.pushedAt);
  }
  get updatedAt() {
    return iso(this.r.updatedAt);
  }
  get stargazerCount() {
    return this.r.stargazers;
  }
  get forkCount() {
    return this.r.forks;
  }
  get diskUsage() {
    return this.r.sizeKb;
  }
  get primaryLanguage() {
    if (!this.r.language) return null;
    return {
      __typename: 'Language',
      id: nodeId('Language', this.r.language),
      name: this.r.language,
      color: LANGUAGE_COLORS[this.r.language] ?? null,
    };
  }
  get owner() {
    return new OrgNode(this.c);
  }
  repositoryTopics(args: ConnectionArgs) {
    const org = this.c.app.store.org;
    return listConnection(
      this.r.topics.map(name => ({
        __typename: 'RepositoryTopic',
        id: nodeId('RepositoryTopic', this.r.id, name),
        url: `${base(this.c)}/topics/${name}`,
        resourcePath: `/topics/${name}`,
        topic: { __typename: 'Topic', id: nodeId('Topic', name), name },
        org,
      })),
      args,
    );
  }
  repositoryCustomPropertyValues(args: ConnectionArgs) {
    return listConnection(
      this.r.squadProperty
        ? [{ propertyName: 'squad', value: squadSlug(this.r.squad) }]
        : [],
      args,
    );
  }
  repositoryCustomPropertyValue(args: { propertyName: string }) {
    return args.propertyName === 'squad' && this.r.squadProperty
      ? { propertyName: 'squad', value: squadSlug(this.r.squad) }
      : null;
  }
  get defaultBranchRef() {
    const resolved = resolveRef(this.view, this.r.defaultBranch);
    // An empty created repository has no default branch yet.
    if (!resolved) return null;
    return new RefNode(this.c, this.index, this.r.defaultBranch, resolved.sha);
  }
  ref(args: { qualifiedName: string }) {
    const name = args.qualifiedName.replace(/^refs\/heads\//, '');
    if (name === this.r.defaultBranch) return this.defaultBranchRef;
    const pushed = this.view.pushed?.heads.get(name);
    if (pushed) return new RefNode(this.c, this.index, name, pushed);
    const pull = this.r.pulls.find(
      p => p.headRef === name && p.state === 'open',
    );
    return pull ? new RefNode(this.c, this.index, name, pull.headSha) : null;
  }
  /** `HEAD:path`, `branch:path`, `sha:path`, a bare revision (a Commit), or an oid. */
  object(args: { expression?: string | null; oid?: string | null }) {
    const snapshot = this.view.snapshot();
    if (args.oid && this.view.pushed) {
      const oid = args.oid.toLowerCase();
      for (const commit of this.view.pushed.commits.values()) {
        if (commit.sha === oid) return new CommitNode(this.c, this.index, oid);
        const node = commit.snapshot.bySha.get(oid);
        if (node?.type === 'blob')
          return new BlobNode(this.c, this.index, node, commit.sha);
        if (node?.type === 'tree')
          return new TreeNode(this.c, this.index, node, commit.sha);
      }
      return null;
    }
    if (args.oid) {
      const node = snapshot.bySha.get(args.oid.toLowerCase());
      if (node?.type === 'blob')
        return new BlobNode(this.c, this.index, node, snapshot.commitSha);
      if (node?.type === 'tree')
        return new TreeNode(this.c, this.index, node, snapshot.commitSha);
      if (args.oid.toLowerCase() === snapshot.commitSha) {
        return new CommitNode(this.c, this.index, snapshot.commitSha);
      }
      return null;
    }
    const expression = args.expression ?? '';
    const colon = expression.indexOf(':');
    const rev = colon < 0 ? expression : expression.slice(0, colon);
    const resolved = resolveRef(this.view, rev);
    if (!resolved) return null;
    if (colon < 0) return new CommitNode(this.c, this.index, resolved.sha);
    const path = expression
      .slice(colon + 1)
      .replace(/^\.?\/+/, '')
      .replace(/\/+$/, '');
    const node = resolved.snapshot.byPath.get(path);
    if (!node) return null;
    return node.type === 'blob'
      ? new BlobNode(this.c, this.index, node, resolved.sha)
      : new TreeNode(this.c, this.index, node, resolved.sha);
  }
  branchProtectionRules(args: ConnectionArgs) {
    return listConnection(
      this.r.protection
        ? [new BranchProtectionRuleNode(this.c, this.index)]
        : [],
      args,
    );
  }
  pullRequests(
    args: ConnectionArgs & {
      states?: string[] | null;
      labels?: string[] | null;
      headRefName?: string | null;
      baseRefName?: string | null;
      orderBy?: { field: string; direction: 'ASC' | 'DESC' } | null;
    },
  ) {
    let pulls = this.r.pulls.filter(p => {
      const state = pullState(p);
      if (args.states?.length && !args.states.includes(state)) return false;
      if (args.labels?.length && !p.labels.some(l => args.labels!.includes(l)))
        return false;
      if (args.headRefName && p.headRef !== args.headRefName) return false;
      if (args.baseRefName && this.r.defaultBranch !== args.baseRefName)
        return false;
      return true;
    });
    // Default order is creation ascending, as GitHub's.
    const field = args.orderBy?.field ?? 'CREATED_AT';
    pulls = pulls.sort((a, b) =>
      field === 'UPDATED_AT'
        ? a.updatedAt - b.updatedAt
        : a.createdAt - b.createdAt,
    );
    if (args.orderBy?.direction === 'DESC') pulls.reverse();
    return new Connection<PullNode>(
      {
        total: pulls.length,
        at: i => new PullNode(this.c, this.index, pulls[i]),
        keyAt: i => pulls[i].number,
        locate: key => pulls.findIndex(p => p.number === key),
      },
      args,
    );
  }
  pullRequest(args: { number: number }) {
    const pull = this.r.pulls.find(p => p.number === args.number);
    if (!pull) {
      throw notFound(
        `Could not resolve to a PullRequest with the number of ${args.number}.`,
      );
    }
    return new PullNode(this.c, this.index, pull);
  }
}

// ---- pull requests ------------------------------------------------------------

function pullState(p: PullRecord): 'OPEN' | 'CLOSED' | 'MERGED' {
  if (p.state === 'open') return 'OPEN';
  return p.mergedAt !== null ? 'MERGED' : 'CLOSED';
}

class ReviewNode {
  readonly __typename = 'PullRequestReview';

  constructor(
    private readonly c: GqlContext,
    private readonly pr: PullNode,
    private readonly r: ReviewRecord,
  ) {}

  get id() {
    return nodeId(
      'PullRequestReview',
      this.pr.repoIndex,
      this.pr.number,
      this.r.id,
    );
  }
  get author() {
    return actor(this.c, this.r.author);
  }
  get body() {
    return this.r.body;
  }
  get state() {
    return this.r.state;
  }
  get submittedAt() {
    return iso(this.r.submittedAt);
  }
  get createdAt() {
    return iso(this.r.submittedAt);
  }
  get updatedAt() {
    return iso(this.r.submittedAt);
  }
  get url() {
    return `${this.pr.url}#pullrequestreview-${this.r.id}`;
  }
  get resourcePath() {
    return `${this.pr.resourcePath}#pullrequestreview-${this.r.id}`;
  }
  get pullRequest() {
    return this.pr;
  }
  get repository() {
    return this.pr.repository;
  }
}

export class PullNode {
  readonly __typename = 'PullRequest';

  constructor(
    private readonly c: GqlContext,
    readonly repoIndex: number,
    private readonly p: PullRecord,
  ) {}

  private get r() {
    return this.c.app.store.repo(this.repoIndex).record;
  }
  get id() {
    return nodeId('PullRequest', this.repoIndex, this.p.number);
  }
  get number() {
    return this.p.number;
  }
  get title() {
    return this.p.title;
  }
  get body() {
    return this.p.body;
  }
  get resourcePath() {
    return `/${this.c.app.store.org}/${this.r.name}/pull/${this.p.number}`;
  }
  get url() {
    return `${base(this.c)}${this.resourcePath}`;
  }
  get state() {
    return pullState(this.p);
  }
  get isDraft() {
    return this.p.draft;
  }
  get closed() {
    return this.p.state === 'closed';
  }
  get merged() {
    return this.p.mergedAt !== null;
  }
  get locked() {
    return false;
  }
  get mergeable() {
    return this.p.state === 'open' ? 'MERGEABLE' : 'UNKNOWN';
  }
  get createdAt() {
    return iso(this.p.createdAt);
  }
  get updatedAt() {
    return iso(this.p.updatedAt);
  }
  get closedAt() {
    return iso(this.p.closedAt);
  }
  get mergedAt() {
    return iso(this.p.mergedAt);
  }
  get author() {
    return actor(this.c, this.p.author);
  }
  get headRefName() {
    return this.p.headRef;
  }
  get headRefOid() {
    return this.p.headSha;
  }
  get baseRefName() {
    return this.r.defaultBranch;
  }
  get baseRefOid() {
    return this.c.app.store.repo(this.repoIndex).snapshot().commitSha;
  }
  get additions() {
    return this.p.additions;
  }
  get deletions() {
    return this.p.deletions;
  }
  get changedFiles() {
    return this.p.changedFiles;
  }
  get reviewDecision() {
    return reviewDecision(this.p, this.r.protection);
  }
  get repository() {
    return new RepoNode(this.c, this.repoIndex);
  }
  labels(
    args: ConnectionArgs & {
      orderBy?: { field: string; direction: string } | null;
    },
  ) {
    let names = this.p.labels.slice();
    if (args.orderBy?.field === 'NAME') names.sort();
    if (args.orderBy?.direction === 'DESC') names = names.reverse();
    const repoId = this.r.id;
    return listConnection(
      names.map(name => {
        const known = LABELS.find(l => l.name === name);
        return {
          __typename: 'Label',
          id: nodeId('Label', repoId, name),
          name,
          color: known?.color ?? 'ededed',
          description: known?.description ?? null,
          isDefault: ['bug', 'enhancement', 'documentation'].includes(name),
          createdAt: iso(this.r.createdAt),
          updatedAt: iso(this.r.createdAt),
          url: `${base(this.c)}/${this.c.app.store.org}/${
            this.r.name
          }/labels/${encodeURIComponent(name)}`,
          resourcePath: `/${this.c.app.store.org}/${
            this.r.name
          }/labels/${encodeURIComponent(name)}`,
        };
      }),
      args,
    );
  }
  reviewRequests(args: ConnectionArgs): Connection<Record<string, unknown>> {
    const store = this.c.app.store;
    const requests = [
      ...this.p.requestedReviewers.map(login => ({ login, team: undefined })),
      ...this.p.requestedTeams.map(slug => ({ login: undefined, team: slug })),
    ].map((x, i) => {
      const team = x.team === undefined ? undefined : store.team(x.team);
      return {
        __typename: 'ReviewRequest',
        id: nodeId('ReviewRequest', this.repoIndex, this.p.number, i),
        databaseId: 60_000_000 + i,
        // Team requests come from CODEOWNERS here.
        asCodeOwner: x.team !== undefined,
        pullRequest: this,
        requestedReviewer:
          x.login !== undefined
            ? actor(this.c, x.login)
            : team && new TeamNode(this.c, team),
      };
    });
    return listConnection(requests, args);
  }
  reviews(
    args: ConnectionArgs & { states?: string[] | null; author?: string | null },
  ) {
    const reviews = [...this.p.reviews]
      .sort((a, b) => a.submittedAt - b.submittedAt)
      .filter(r => !args.states?.length || args.states.includes(r.state))
      .filter(
        r =>
          !args.author || r.author.toLowerCase() === args.author.toLowerCase(),
      );
    return listConnection(
      reviews.map(r => new ReviewNode(this.c, this, r)),
      args,
    );
  }
}

// ---- root -----------------------------------------------------------------------

function searchConnection(
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

export function rootValue(c: GqlContext) {
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
