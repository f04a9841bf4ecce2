import type { RepoView } from '../data/store';
import type { RequestContext, RouteDef } from '../http/context';
import { isoNN, sendError, sendJson } from '../http/responses';
import {
  commitMeta,
  isEmptyRepo,
  repoRoute,
  resolveRef,
  urlsOf,
} from './common';
import { nodeId } from './ids';
import { combinedStatus } from './repoShapes';
import { simpleUser } from './shapes';

const D = 'https://docs.github.com/rest';

/** A commit as GET /repos/{owner}/{repo}/commits/{ref} has it (and a branch's head). */
export function commitShape(ctx: RequestContext, view: RepoView, sha: string) {
  const r = view.record;
  const fullName = `${ctx.app.store.org}/${r.name}`;
  const api = `${ctx.app.baseUrl}/repos/${fullName}`;
  const meta = commitMeta(ctx.app.store, view, sha);
  const author = meta.authorLogin
    ? ctx.app.store.user(meta.authorLogin)
    : undefined;
  return {
    sha,
    node_id: nodeId('Commit', r.index, sha),
    commit: {
      author: {
        name: meta.author.name,
        email: meta.author.email,
        date: isoNN(meta.author.date),
      },
      committer: {
        name: meta.committer.name,
        email: meta.committer.email,
        date: isoNN(meta.committer.date),
      },
      message: meta.message,
      tree: {
        sha: meta.treeSha,
        url: `${api}/git/trees/${meta.treeSha}`,
      },
      url: `${api}/git/commits/${sha}`,
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    url: `${api}/commits/${sha}`,
    html_url: `${ctx.app.baseUrl}/${fullName}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    author: author ? simpleUser(urlsOf(ctx), author) : null,
    committer: null,
    parents: meta.parents.map(parent => ({
      sha: parent,
      url: `${api}/commits/${parent}`,
      html_url: `${ctx.app.baseUrl}/${fullName}/commit/${parent}`,
    })),
    stats: { total: 0, additions: 0, deletions: 0 },
    files: [],
  };
}

export const commitRoutes: RouteDef[] = [
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/commits/{ref+}/status',
    'core',
    `${D}/commits/statuses#get-the-combined-status-for-a-specific-reference`,
    (ctx, found) => {
      const resolved = resolveRef(found.view, ctx.params.ref);
      if (!resolved) {
        sendError(ctx, 404, `No commit found for SHA: ${ctx.params.ref}`);
        return;
      }
      sendJson(
        ctx,
        combinedStatus(
          urlsOf(ctx),
          ctx.app.store,
          found.view.record,
          resolved.sha,
          ctx.app.store.commitStatus(found.index, resolved.sha),
        ),
      );
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/commits/{ref+}',
    'core',
    `${D}/commits/commits#get-a-commit`,
    (ctx, found) => {
      const resolved = resolveRef(found.view, ctx.params.ref);
      if (!resolved) {
        sendError(
          ctx,
          isEmptyRepo(found.view) ? 409 : 422,
          isEmptyRepo(found.view)
            ? 'Git Repository is empty.'
            : `No commit found for SHA: ${ctx.params.ref}`,
        );
        return;
      }
      sendJson(ctx, commitShape(ctx, found.view, resolved.sha), {
        lastModified: commitMeta(ctx.app.store, found.view, resolved.sha)
          .committer.date,
      });
    },
  ),
];
