import type { GitBlob, GitTree } from '../../data/git';
import type { CommitState } from '../../data/model';
import { commitMeta, resolveRef } from '../../rest/common';
import { nodeId } from '../../rest/ids';
import { UserNode } from './actors';
import { base, GqlContext, iso } from './context';

/*
 * A repository's git objects, refs and branch protection. Each leads back
 * to its repository through the context's nodes.
 */

/** What blobs and trees share: an oid, and the commit they were read at. */
abstract class GitObjectNode {
  abstract readonly __typename: 'Blob' | 'Tree';

  constructor(
    protected readonly c: GqlContext,
    protected readonly index: number,
    private readonly objectOid: string,
    protected readonly commitSha: string,
  ) {}

  get id() {
    return nodeId(this.__typename, this.index, this.objectOid);
  }
  get oid() {
    return this.objectOid;
  }
  get abbreviatedOid() {
    return this.objectOid.slice(0, 7);
  }
  get commitResourcePath() {
    const name = this.c.app.store.repo(this.index).record.name;
    return `/${this.c.app.store.org}/${name}/commit/${this.commitSha}`;
  }
  get commitUrl() {
    return `${base(this.c)}${this.commitResourcePath}`;
  }
  get repository() {
    return this.c.nodes.repository(this.index);
  }
}

export class BlobNode extends GitObjectNode {
  readonly __typename = 'Blob';

  constructor(
    c: GqlContext,
    index: number,
    private readonly blob: GitBlob,
    commitSha: string,
  ) {
    super(c, index, blob.sha, commitSha);
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
}

export class TreeNode extends GitObjectNode {
  readonly __typename = 'Tree';

  constructor(
    c: GqlContext,
    index: number,
    private readonly tree: GitTree,
    commitSha: string,
  ) {
    super(c, index, tree.sha, commitSha);
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

export class CommitNode {
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
    return this.c.nodes.repository(this.index);
  }
}

export class BranchProtectionRuleNode {
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
    return this.c.nodes.repository(this.index);
  }
}

export class RefNode {
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
    return this.c.nodes.repository(this.index);
  }
  get branchProtectionRule() {
    const r = this.c.app.store.repo(this.index).record;
    return r.protection && this.name === r.defaultBranch
      ? new BranchProtectionRuleNode(this.c, this.index)
      : null;
  }
}

/** `HEAD:path`, `branch:path`, `sha:path`, a bare revision (a Commit), or an oid. */
export function gitObject(
  c: GqlContext,
  index: number,
  args: { expression?: string | null; oid?: string | null },
) {
  const view = c.app.store.repo(index);
  const snapshot = view.snapshot();
  if (args.oid && view.pushed) {
    const oid = args.oid.toLowerCase();
    for (const commit of view.pushed.commits.values()) {
      if (commit.sha === oid) return new CommitNode(c, index, oid);
      const node = commit.snapshot.bySha.get(oid);
      if (node?.type === 'blob')
        return new BlobNode(c, index, node, commit.sha);
      if (node?.type === 'tree')
        return new TreeNode(c, index, node, commit.sha);
    }
    return null;
  }
  if (args.oid) {
    const node = snapshot.bySha.get(args.oid.toLowerCase());
    if (node?.type === 'blob')
      return new BlobNode(c, index, node, snapshot.commitSha);
    if (node?.type === 'tree')
      return new TreeNode(c, index, node, snapshot.commitSha);
    if (args.oid.toLowerCase() === snapshot.commitSha) {
      return new CommitNode(c, index, snapshot.commitSha);
    }
    return null;
  }
  const expression = args.expression ?? '';
  const colon = expression.indexOf(':');
  const rev = colon < 0 ? expression : expression.slice(0, colon);
  const resolved = resolveRef(view, rev);
  if (!resolved) return null;
  if (colon < 0) return new CommitNode(c, index, resolved.sha);
  const path = expression
    .slice(colon + 1)
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '');
  const node = resolved.snapshot.byPath.get(path);
  if (!node) return null;
  return node.type === 'blob'
    ? new BlobNode(c, index, node, resolved.sha)
    : new TreeNode(c, index, node, resolved.sha);
}
