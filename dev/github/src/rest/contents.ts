import { createHash } from 'crypto';
import type { GitBlob, GitTree } from '../data/git';
import { walkTree } from '../data/git';
import type { ProtectionRecord } from '../data/model';
import type { RepoView } from '../data/store';
import { tarGz } from '../data/tar';
import type { RequestContext, RouteDef } from '../http/context';
import {
  isoNN,
  notFound,
  notModified,
  sendError,
  sendJson,
} from '../http/responses';
import { route } from '../http/router';
import {
  branchesOf,
  commitMeta,
  githubBase64,
  isEmptyRepo,
  requireRepo,
  resolveRef,
  ResolvedRef,
  urlsOf,
  wantsRaw,
} from './common';
import { nodeId } from './ids';
import { combinedStatus, simpleUser } from './shapes';

const D = 'https://docs.github.com/rest';
const CONTENTS_DOCS = `${D}/repos/contents#get-repository-content`;

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

function sendRaw(
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

function commitShape(ctx: RequestContext, view: RepoView, sha: string) {
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

export function protectionShape(
  ctx: RequestContext,
  fullName: string,
  branch: string,
  p: ProtectionRecord,
) {
  const url = `${ctx.app.baseUrl}/repos/${fullName}/branches/${branch}/protection`;
  return {
    url,
    ...(p.requiredStatusChecks
      ? {
          required_status_checks: {
            url: `${url}/required_status_checks`,
            strict: p.strictStatusChecks,
            contexts: p.requiredStatusChecks,
            contexts_url: `${url}/required_status_checks/contexts`,
            checks: p.requiredStatusChecks.map(c => ({
              context: c,
              app_id: 15368,
            })),
          },
        }
      : {}),
    ...(p.requiredApprovingReviewCount !== null
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: p.dismissStaleReviews,
            require_code_owner_reviews: p.requireCodeOwnerReviews,
            required_approving_review_count: p.requiredApprovingReviewCount,
            require_last_push_approval: false,
          },
        }
      : {}),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins },
    required_linear_history: { enabled: p.requiredLinearHistory },
    allow_force_pushes: { enabled: p.allowForcePushes },
    allow_deletions: { enabled: p.allowDeletions },
    block_creations: { enabled: false },
    required_conversation_resolution: {
      enabled: p.requiredConversationResolution,
    },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

function branchShape(
  ctx: RequestContext,
  view: RepoView,
  name: string,
  sha: string,
) {
  const r = view.record;
  const fullName = `${ctx.app.store.org}/${r.name}`;
  const isDefault = name === r.defaultBranch;
  const p = isDefault ? r.protection : null;
  return {
    name,
    commit: commitShape(ctx, view, sha),
    _links: {
      self: `${ctx.app.baseUrl}/repos/${fullName}/branches/${name}`,
      html: `${ctx.app.baseUrl}/${fullName}/tree/${name}`,
    },
    protected: p !== null,
    protection: {
      enabled: p !== null,
      required_status_checks: {
        enforcement_level: p?.requiredStatusChecks ? 'non_admins' : 'off',
        contexts: p?.requiredStatusChecks ?? [],
        checks: (p?.requiredStatusChecks ?? []).map(c => ({
          context: c,
          app_id: 15368,
        })),
      },
    },
    protection_url: `${ctx.app.baseUrl}/repos/${fullName}/branches/${name}/protection`,
  };
}

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
  route(
    'GET',
    '/repos/{owner}/{repo}/contents/{path*}',
    'core',
    CONTENTS_DOCS,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
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
  route(
    'GET',
    '/repos/{owner}/{repo}/readme',
    'core',
    `${D}/repos/contents#get-a-repository-readme`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
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
  route(
    'GET',
    '/repos/{owner}/{repo}/branches',
    'core',
    `${D}/branches/branches#list-branches`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
      const fullName = `${ctx.app.store.org}/${found.view.record.name}`;
      sendJson(
        ctx,
        branchesOf(found.view).map(b => ({
          name: b.name,
          commit: {
            sha: b.sha,
            url: `${ctx.app.baseUrl}/repos/${fullName}/commits/${b.sha}`,
          },
          protected:
            b.name === found.view.record.defaultBranch &&
            found.view.record.protection !== null,
        })),
      );
    },
  ),
  route(
    'GET',
    '/repos/{owner}/{repo}/branches/{branch+}/protection',
    'core',
    `${D}/branches/branch-protection#get-branch-protection`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
      const r = found.view.record;
      const branch = branchesOf(found.view).find(
        b => b.name === ctx.params.branch,
      );
      if (!branch) {
        sendError(ctx, 404, 'Branch not found');
        return;
      }
      if (branch.name !== r.defaultBranch || !r.protection) {
        sendError(ctx, 404, 'Branch not protected');
        return;
      }
      sendJson(
        ctx,
        protectionShape(
          ctx,
          `${ctx.app.store.org}/${r.name}`,
          branch.name,
          r.protection,
        ),
      );
    },
  ),
  route(
    'GET',
    '/repos/{owner}/{repo}/branches/{branch+}',
    'core',
    `${D}/branches/branches#get-a-branch`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
      const branch = branchesOf(found.view).find(
        b => b.name === ctx.params.branch,
      );
      if (!branch) {
        sendError(ctx, 404, 'Branch not found');
        return;
      }
      sendJson(ctx, branchShape(ctx, found.view, branch.name, branch.sha));
    },
  ),
  route(
    'GET',
    '/repos/{owner}/{repo}/commits/{ref+}/status',
    'core',
    `${D}/commits/statuses#get-the-combined-status-for-a-specific-reference`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
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
  route(
    'GET',
    '/repos/{owner}/{repo}/commits/{ref+}',
    'core',
    `${D}/commits/commits#get-a-commit`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
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
  route(
    'GET',
    '/repos/{owner}/{repo}/git/trees/{sha+}',
    'core',
    `${D}/git/trees#get-a-tree`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
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
  route(
    'GET',
    '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    'core',
    `${D}/git/blobs#get-a-blob`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
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
  // GitHub answers with a redirect to codeload; so do we, to our own codeload route.
  route(
    'GET',
    '/repos/{owner}/{repo}/tarball/{ref*}',
    'core',
    `${D}/repos/contents#download-a-repository-archive-tar`,
    ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
      const ref = ctx.params.ref || found.view.record.defaultBranch;
      const resolved = resolveRef(found.view, ref);
      if (!resolved) {
        notFound(ctx);
        return;
      }
      const location = `${ctx.app.baseUrl}/_codeload/${ctx.app.store.org}/${found.view.record.name}/legacy.tar.gz/${resolved.sha}`;
      ctx.res.status(302).setHeader('location', location);
      ctx.res.setHeader('content-type', 'text/html;charset=utf-8');
      ctx.res.end();
    },
  ),
  route(
    'GET',
    '/_codeload/{owner}/{repo}/legacy.tar.gz/{ref+}',
    null,
    CONTENTS_DOCS,
    async ctx => {
      const found = requireRepo(ctx);
      if (!found) return;
      const resolved = resolveRef(found.view, ctx.params.ref);
      if (!resolved) {
        notFound(ctx);
        return;
      }
      const root = `${ctx.app.store.org}-${
        found.view.record.name
      }-${resolved.sha.slice(0, 7)}`;
      const created = ctx.app.store.created.get(found.index);
      let body: Buffer;
      if (created) {
        // git's own archive keeps file modes and symlinks as pushed.
        body = await ctx.app.store.created.bare.tarball(
          created.key,
          resolved.sha,
          root,
        );
      } else {
        const entries = [
          { path: root },
          ...walkTree(resolved.snapshot.root).map(e => ({
            path: `${root}/${e.path}`,
            content: e.type === 'blob' ? e.content : undefined,
          })),
        ];
        body = tarGz(entries, found.view.record.commit.date);
      }
      ctx.res.status(200);
      ctx.res.setHeader('content-type', 'application/x-gzip');
      ctx.res.setHeader(
        'content-disposition',
        `attachment; filename=${root}.tar.gz`,
      );
      ctx.res.setHeader(
        'etag',
        `"${createHash('sha1').update(body).digest('hex')}"`,
      );
      ctx.res.end(body);
    },
  ),
];
