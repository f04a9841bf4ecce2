import type { GitSnapshot } from '../data/git';
import type { RepoView } from '../data/store';
import type { RequestContext } from '../http/context';
import { notFound } from '../http/responses';
import type { Urls } from './shapes';

export function urlsOf(ctx: RequestContext): Urls {
  return { api: ctx.app.baseUrl, html: ctx.app.baseUrl };
}

/** The repository named by {owner}/{repo}, or a 404 already sent. */
export function requireRepo(
  ctx: RequestContext,
): { index: number; view: RepoView } | undefined {
  const index = ctx.app.store.findIndex(ctx.params.owner, ctx.params.repo);
  if (index === undefined) {
    notFound(ctx);
    return undefined;
  }
  return { index, view: ctx.app.store.repo(index) };
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

/** Branches that exist: the default branch and open pull requests' heads. */
export function branchesOf(
  view: RepoView,
): Array<{ name: string; sha: string }> {
  const r = view.record;
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
