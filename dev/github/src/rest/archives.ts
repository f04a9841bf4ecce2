import { createHash } from 'crypto';
import { walkTree } from '../data/git';
import { tarGz } from '../data/tar';
import type { RouteDef } from '../http/context';
import { notFound } from '../http/responses';
import { repoRoute, resolveRef } from './common';
import { CONTENTS_DOCS } from './contents';

const D = 'https://docs.github.com/rest';

export const archiveRoutes: RouteDef[] = [
  // GitHub answers with a redirect to codeload; so do we, to our own codeload route.
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/tarball/{ref*}',
    'core',
    `${D}/repos/contents#download-a-repository-archive-tar`,
    (ctx, found) => {
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
  repoRoute(
    'GET',
    '/_codeload/{owner}/{repo}/legacy.tar.gz/{ref+}',
    null,
    CONTENTS_DOCS,
    async (ctx, found) => {
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
