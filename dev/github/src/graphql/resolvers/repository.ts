import { squadSlug } from '../../data/generator/core';
import { LANGUAGE_COLORS } from '../../data/vocabulary';
import { resolveRef } from '../../rest/common';
import { nodeId } from '../../rest/ids';
import { Connection, ConnectionArgs, listConnection } from '../connection';
import { base, GqlContext, iso, notFound } from './context';
import { BranchProtectionRuleNode, gitObject, RefNode } from './git';
import { OrgNode } from './organization';
import { PullNode, pullState } from './pullRequest';

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
    return gitObject(this.c, this.index, args);
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
