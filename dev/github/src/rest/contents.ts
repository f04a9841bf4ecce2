import type { GitBlob, GitTree } from '../data/git';
import type { RepoView } from '../data/store';
import type { RequestContext, RouteDef } from '../http/context';
import { notFound, notModified, sendError, sendJson } from '../http/responses';
import { route } from '../http/router';
import {
  githubBase64,
  isEmptyRepo,
  repoRoute,
  requireRepo,
  resolveRef,
  ResolvedRef,
  wantsRaw,
} from './common';

const D = 'https://docs.github.com/rest';
export const CONTENTS_DOCS = `${D}/repos/contents#get-repository-content`;

function entryShape(
  ctx: RequestContext,
  fullName: string,
  ref: string,
  node: GitBlob | GitTree,
) {
  const api = `${ctx.app.baseUrl}/repos/${fullName}`;
  const self = `${api}/contents/${node.path}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${node.type === 'blob' ? 'blobs' : 'trees'}/${
    node.sha
  }`;
  const html = `${ctx.app.baseUrl}/${fullName}/${
    node.type === 'blob' ? 'blob' : 'tree'
  }/${ref}/${node.path}`;
  return {
    name: node.name,
    path: node.path,
    sha: node.sha,
    size: node.type === 'blob' ? node.size : 0,
    url: self,
    html_url: html,
    git_url: git,
    download_url:
      node.type === 'blob'
        ? `${ctx.app.baseUrl}/raw/${fullName}/${ref}/${node.path}`
        : null,
    type: node.type === 'blob' ? 'file' : 'dir',
    _links: { self, git, html },
  };
}

export function sendRaw(
  ctx: RequestContext,
  blob: GitBlob,
  lastModified: number,
  mediaType = 'github.v3; param=raw',
) {
  const etag = `"${blob.sha}"`;
  ctx.res.setHeader('last-modified', new Date(lastModified).toUTCString());
  ctx.res.setHeader('x-github-media-type', mediaType);
  if (notModified(ctx, etag, lastModified)) return;
  ctx.res.status(200);
  ctx.res.setHeader('content-type', 'text/plain; charset=utf-8');
  ctx.res.setHeader('etag', etag);
  ctx.res.end(blob.content);
}

function sendContent(
  ctx: RequestContext,
  view: RepoView,
  resolved: ResolvedRef,
  ref: string,
  path: string,
) {
  const r = view.record;
  const fullName = `${ctx.app.store.org}/${r.name}`;
  const node = resolved.snapshot.byPath.get(path);
  if (!node) {
    notFound(ctx);
    return;
  }
  const lastModified = r.commit.date;
  if (node.type === 'blob') {
    if (wantsRaw(ctx)) {
      sendRaw(ctx, node, lastModified);
      return;
    }
    sendJson(
      ctx,
      {
        ...entryShape(ctx, fullName, ref, node),
        content: githubBase64(node.content),
        encoding: 'base64',
      },
      { lastModified },
    );
    return;
  }
  const entries = node.entries.map(e => entryShape(ctx, fullName, ref, e));
  if (
    /application\/vnd\.github(\.v3)?\.object/i.test(
      ctx.req.header('accept') ?? '',
    )
  ) {
    sendJson(
      ctx,
      { ...entryShape(ctx, fullName, ref, node), entries },
      { lastModified },
    );
    return;
  }
  sendJson(ctx, entries, { lastModified });
}

/** Raw file URLs (raw.githubusercontent.com style): /raw/{owner}/{repo}/{ref}/{path}. */
function raw(ctx: RequestContext) {
  const found = requireRepo(ctx);
  if (!found) return;
  const segments = ctx.params.rest.split('/');
  // Branch names may contain slashes: try the longest ref that resolves, as GitHub does.
  for (let cut = segments.length - 1; cut >= 1; cut--) {
    const ref = segments.slice(0, cut).join('/');
    const resolved = resolveRef(found.view, ref);
    if (!resolved) continue;
    const node = resolved.snapshot.byPath.get(segments.slice(cut).join('/'));
    if (node?.type === 'blob') {
      sendRaw(
        ctx,
        node,
        found.view.record.commit.date,
        'github.v3; format=raw',
      );
      return;
    }
  }
  ctx.res.status(404).setHeader('content-type', 'text/plain; charset=utf-8');
  ctx.res.end('404: Not Found');
}

export const contentRoutes: RouteDef[] = [
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/contents/{path*}',
    'core',
    CONTENTS_DOCS,
    (ctx, found) => {
      if (isEmptyRepo(found.view)) {
        sendError(ctx, 404, 'This repository is empty.');
        return;
      }
      const ref = ctx.query.get('ref') || found.view.record.defaultBranch;
      const resolved = resolveRef(found.view, ref);
      if (!resolved) {
        sendError(ctx, 404, `No commit found for the ref ${ref}`);
        return;
      }
      const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
      sendContent(ctx, found.view, resolved, ref, path);
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/readme',
    'core',
    `${D}/repos/contents#get-a-repository-readme`,
    (ctx, found) => {
      const ref = ctx.query.get('ref') || found.view.record.defaultBranch;
      const resolved = resolveRef(found.view, ref);
      const readme = resolved?.snapshot.root.entries.find(
        e => e.type === 'blob' && /^readme(\.|$)/i.test(e.name),
      );
      if (!resolved || !readme) {
        notFound(ctx);
        return;
      }
      sendContent(ctx, found.view, resolved, ref, readme.path);
    },
  ),
  route('GET', '/raw/{owner}/{repo}/{rest+}', null, CONTENTS_DOCS, raw),
];
