import type { GitSnapshot } from '../data/git';
import type { RateLimitResource, TeamRecord } from '../data/model';
import type { RepoView, Store } from '../data/store';
import type { RequestContext, RouteDef } from '../http/context';
import { notFound } from '../http/responses';
import { route } from '../http/router';
import type { Urls } from './shapes';

export function urlsOf(ctx: RequestContext): Urls {
  return { api: ctx.app.baseUrl, html: ctx.app.baseUrl };
}

/** Whether {org} is the organisation; if not, a 404 is already sent. */
export function requireOrg(ctx: RequestContext): boolean {
  if (ctx.params.org.toLowerCase() !== ctx.app.store.org.toLowerCase()) {
    notFound(ctx);
    return false;
  }
  return true;
}

/** The team {org}/{team_slug}, or a 404 already sent. */
export function requireTeam(ctx: RequestContext): TeamRecord | undefined {
  const store = ctx.app.store;
  const team =
    ctx.params.org.toLowerCase() === store.org.toLowerCase()
      ? store.team(ctx.params.team_slug)
      : undefined;
  if (!team) notFound(ctx);
  return team;
}

export interface FoundRepo {
  index: number;
  view: RepoView;
}

/** The repository named by {owner}/{repo}, or a 404 already sent. */
export function requireRepo(ctx: RequestContext): FoundRepo | undefined {
  const index = ctx.app.store.findIndex(ctx.params.owner, ctx.params.repo);
  if (index === undefined) {
    notFound(ctx);
    return undefined;
  }
  return { index, view: ctx.app.store.repo(index) };
}

/** A route on the repository {owner}/{repo}: 404 unless it exists. */
export function repoRoute(
  method: RouteDef['method'],
  pattern: string,
  resource: RateLimitResource | null,
  docs: string,
  handler: (ctx: RequestContext, found: FoundRepo) => void | Promise<void>,
): RouteDef {
  return route(method, pattern, resource, docs, ctx => {
    const found = requireRepo(ctx);
    return found ? handler(ctx, found) : undefined;
  });
}

export interface ResolvedRef {
  /** The commit the ref points at. */
  sha: string;
  snapshot: GitSnapshot;
}

/**
 * Branch names, `refs/heads/...`, `HEAD`, full or abbreviated (>= 7) commit
 * SHAs. Pull request head branches exist and show the default branch's tree
 * under their own head SHA.
 */
export function resolveRef(
  view: RepoView,
  ref: string | null | undefined,
): ResolvedRef | undefined {
  if (view.pushed) return resolvePushedRef(view, ref);
  const r = view.record;
  const snapshot = view.snapshot();
  const name = (ref ?? '').replace(/^refs\/heads\//, '');
  if (!name || name === 'HEAD' || name === r.defaultBranch) {
    return { sha: snapshot.commitSha, snapshot };
  }
  const lower = name.toLowerCase();
  if (/^[0-9a-f]{7,40}$/.test(lower)) {
    if (snapshot.commitSha.startsWith(lower)) {
      return { sha: snapshot.commitSha, snapshot };
    }
    const pull = r.pulls.find(p => p.headSha.startsWith(lower));
    if (pull) return { sha: pull.headSha, snapshot };
  }
  const pull = r.pulls.find(p => p.headRef === name && p.state === 'open');
  if (pull) return { sha: pull.headSha, snapshot };
  return undefined;
}

/** A created repository's refs are its pushed branches and the commits at their heads. */
function resolvePushedRef(
  view: RepoView,
  ref: string | null | undefined,
): ResolvedRef | undefined {
  const { heads, commits } = view.pushed!;
  const name = (ref ?? '').replace(/^refs\/heads\//, '');
  const branch = !name || name === 'HEAD' ? view.record.defaultBranch : name;
  let sha = heads.get(branch);
  const lower = name.toLowerCase();
  if (!sha && /^[0-9a-f]{7,40}$/.test(lower)) {
    sha = [...commits.keys()].find(c => c.startsWith(lower));
  }
  const commit = sha ? commits.get(sha) : undefined;
  return commit ? { sha: commit.sha, snapshot: commit.snapshot } : undefined;
}

/** Branches that exist: the default branch and open pull requests' heads. */
export function branchesOf(
  view: RepoView,
): Array<{ name: string; sha: string }> {
  const r = view.record;
  if (view.pushed) {
    return [...view.pushed.heads]
      .map(([name, sha]) => ({ name, sha }))
      .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  }
  return [
    { name: r.defaultBranch, sha: view.snapshot().commitSha },
    ...r.pulls
      .filter(p => p.state === 'open')
      .map(p => ({ name: p.headRef, sha: p.headSha })),
  ].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

/** Base64 as GitHub sends file content: a newline after every 60 characters. */
export function githubBase64(content: Buffer): string {
  const b64 = content.toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 60) out += `${b64.slice(i, i + 60)}\n`;
  return out;
}

export function wantsRaw(ctx: RequestContext): boolean {
  const accept = ctx.req.header('accept') ?? '';
  return /application\/vnd\.github(\.v3)?\.raw/i.test(accept);
}

export interface CommitMeta {
  message: string;
  /** A generated commit's author is a user of the organisation. */
  authorLogin?: string;
  author: { name: string; email: string; date: number };
  committer: { name: string; email: string; date: number };
  parents: string[];
  treeSha: string;
}

/** A commit's metadata: pushed commits as git has them, generated ones from the record. */
export function commitMeta(
  store: Store,
  view: RepoView,
  sha: string,
): CommitMeta {
  const pushed = view.pushed?.commits.get(sha);
  if (pushed) {
    return {
      message: pushed.message,
      author: pushed.author,
      committer: pushed.committer,
      parents: pushed.parents,
      treeSha: pushed.snapshot.root.sha,
    };
  }
  const r = view.record;
  const user = store.user(r.commit.author);
  const date = r.commit.date;
  return {
    message: r.commit.message,
    authorLogin: user?.login,
    author: {
      name: user?.name ?? r.commit.author,
      email: user?.email ?? 'noreply@github.com',
      date,
    },
    committer: { name: 'GitHub', email: 'noreply@github.com', date },
    parents: r.commit.parentSha ? [r.commit.parentSha] : [],
    treeSha: view.snapshot().root.sha,
  };
}

/** What GitHub answers for the contents of a repository nothing was pushed to yet. */
export function isEmptyRepo(view: RepoView): boolean {
  return view.pushed !== undefined && view.pushed.heads.size === 0;
}
