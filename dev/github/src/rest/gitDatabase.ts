import type { GitBlob, GitTree } from '../data/git';
import { walkTree } from '../data/git';
import type { RepoView } from '../data/store';
import type { RouteDef } from '../http/context';
import { notFound, sendJson } from '../http/responses';
import { githubBase64, repoRoute, resolveRef, wantsRaw } from './common';
import { sendRaw } from './contents';
import { nodeId } from './ids';

/*
 * The Git database API: trees and blobs by SHA, as the objects of the
 * repository's commits.
 */

const D = 'https://docs.github.com/rest';

function findBlobOrTree(
  view: RepoView,
  sha: string,
): GitBlob | GitTree | undefined {
  const lower = sha.toLowerCase();
  if (view.pushed) {
    for (const c of view.pushed.commits.values()) {
      const node = c.snapshot.bySha.get(lower);
      if (node) return node;
    }
    return undefined;
  }
  return view.snapshot().bySha.get(lower);
}

export const gitDatabaseRoutes: RouteDef[] = [
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/git/trees/{sha+}',
    'core',
    `${D}/git/trees#get-a-tree`,
    (ctx, found) => {
      const fullName = `${ctx.app.store.org}/${found.view.record.name}`;
      const api = `${ctx.app.baseUrl}/repos/${fullName}`;
      const byRef = resolveRef(found.view, ctx.params.sha);
      const node = byRef
        ? byRef.snapshot.root
        : findBlobOrTree(found.view, ctx.params.sha);
      if (!node || node.type !== 'tree') {
        notFound(ctx);
        return;
      }
      const recursive = ctx.query.has('recursive');
      const items = recursive ? walkTree(node) : node.entries;
      const prefix = node.path ? `${node.path}/` : '';
      sendJson(ctx, {
        sha: node.sha,
        url: `${api}/git/trees/${node.sha}`,
        tree: items.map(e => ({
          path: e.path.slice(prefix.length),
          mode: e.type === 'tree' ? '040000' : '100644',
          type: e.type,
          sha: e.sha,
          ...(e.type === 'blob' ? { size: e.size } : {}),
          url: `${api}/git/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}`,
        })),
        truncated: false,
      });
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    'core',
    `${D}/git/blobs#get-a-blob`,
    (ctx, found) => {
      const node = findBlobOrTree(found.view, ctx.params.file_sha);
      if (!node || node.type !== 'blob') {
        notFound(ctx);
        return;
      }
      if (wantsRaw(ctx)) {
        sendRaw(ctx, node, found.view.record.commit.date);
        return;
      }
      const fullName = `${ctx.app.store.org}/${found.view.record.name}`;
      sendJson(ctx, {
        sha: node.sha,
        node_id: nodeId('Blob', found.index, node.sha),
        size: node.size,
        url: `${ctx.app.baseUrl}/repos/${fullName}/git/blobs/${node.sha}`,
        content: githubBase64(node.content),
        encoding: 'base64',
      });
    },
  ),
];
