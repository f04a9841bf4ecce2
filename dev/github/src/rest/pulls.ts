import type { PullRecord } from '../data/model';
import type { RequestContext, RouteDef } from '../http/context';
import { notFound, paginate, sendJson } from '../http/responses';
import { route } from '../http/router';
import { repoRoute, requireRepo, urlsOf } from './common';
import { pullFull, pullSimple, review } from './pullShapes';
import { simpleUser, teamSimple } from './shapes';
import type { RepoView } from '../data/store';

const D = 'https://docs.github.com/rest/pulls';

function requirePull(
  ctx: RequestContext,
): { view: RepoView; pull: PullRecord } | undefined {
  const found = requireRepo(ctx);
  if (!found) return undefined;
  const number = Number(ctx.params.pull_number);
  const pull = found.view.record.pulls.find(p => p.number === number);
  if (!pull) {
    notFound(ctx);
    return undefined;
  }
  return { view: found.view, pull };
}

export const pullRoutes: RouteDef[] = [
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/pulls',
    'core',
    `${D}/pulls#list-pull-requests`,
    (ctx, found) => {
      const r = found.view.record;
      const state = ctx.query.get('state') ?? 'open';
      const head = ctx.query.get('head');
      const base = ctx.query.get('base');
      const sort = ctx.query.get('sort') ?? 'created';
      const direction =
        ctx.query.get('direction') ??
        (sort === 'popularity' || sort === 'long-running' ? 'asc' : 'desc');
      const pulls = r.pulls
        .filter(p => state === 'all' || p.state === state)
        .filter(
          p =>
            !head ||
            head === `${ctx.app.store.org}:${p.headRef}` ||
            head === p.headRef,
        )
        // Every generated pull request targets the default branch.
        .filter(() => !base || base === r.defaultBranch)
        .sort((a, b) => {
          const d =
            sort === 'updated'
              ? a.updatedAt - b.updatedAt
              : a.createdAt - b.createdAt;
          return direction === 'asc' ? d : -d;
        });
      const page = paginate(ctx, pulls.length, `/repositories/${r.id}/pulls`);
      const baseSha = found.view.snapshot().commitSha;
      sendJson(
        ctx,
        pulls
          .slice(page.start, page.end)
          .map(p => pullSimple(urlsOf(ctx), ctx.app.store, r, baseSha, p)),
      );
    },
  ),
  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}',
    'core',
    `${D}/pulls#get-a-pull-request`,
    ctx => {
      const found = requirePull(ctx);
      if (!found) return;
      sendJson(
        ctx,
        pullFull(
          urlsOf(ctx),
          ctx.app.store,
          found.view.record,
          found.view.snapshot().commitSha,
          found.pull,
        ),
      );
    },
  ),
  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    'core',
    `${D}/reviews#list-reviews-for-a-pull-request`,
    ctx => {
      const found = requirePull(ctx);
      if (!found) return;
      const r = found.view.record;
      const reviews = [...found.pull.reviews].sort(
        (a, b) => a.submittedAt - b.submittedAt,
      );
      const page = paginate(
        ctx,
        reviews.length,
        `/repositories/${r.id}/pulls/${found.pull.number}/reviews`,
      );
      sendJson(
        ctx,
        reviews
          .slice(page.start, page.end)
          .map(rv => review(urlsOf(ctx), ctx.app.store, r, found.pull, rv)),
      );
    },
  ),
  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    'core',
    `${D}/review-requests#get-all-requested-reviewers-for-a-pull-request`,
    ctx => {
      const found = requirePull(ctx);
      if (!found) return;
      const store = ctx.app.store;
      sendJson(ctx, {
        users: found.pull.requestedReviewers
          .map(l => store.user(l))
          .filter(Boolean)
          .map(u => simpleUser(urlsOf(ctx), u!)),
        teams: found.pull.requestedTeams
          .map(s => store.team(s))
          .filter(Boolean)
          .map(t => teamSimple(urlsOf(ctx), store, t!)),
      });
    },
  ),
];
