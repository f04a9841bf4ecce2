import express, { Request, Response } from 'express';
import { controlRoutes } from '@internal/dev-kit';
import { NotFound } from '../data/store';
import type { GitHubControl } from './control';

/*
 * The control API over HTTP, for tests in other processes (Playwright,
 * benchmarks). Not GitHub's: no auth, no rate limit, not counted in stats.
 */

const wrap = controlRoutes(e => {
  if (e instanceof NotFound) return 404;
  if (e instanceof RangeError || e instanceof SyntaxError) return 422;
  return undefined;
});

export function controlRouter(control: GitHubControl): express.Router {
  const r = express.Router();
  r.get(
    '/',
    wrap(() => control.info()),
  );
  r.get(
    '/stats',
    wrap(() => control.stats()),
  );
  r.delete(
    '/stats',
    wrap(() => control.resetStats()),
  );
  r.post(
    '/stats/reset',
    wrap(() => control.resetStats()),
  );
  r.get(
    '/memory',
    wrap(req => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (req.query.gc && gc) gc();
      return { ...process.memoryUsage(), gcAvailable: Boolean(gc) };
    }),
  );

  r.get(
    '/faults',
    wrap(() => control.listFaults()),
  );
  r.post(
    '/faults',
    wrap((_, b) => control.injectFault(b), 201),
  );
  r.delete(
    '/faults',
    wrap(() => control.clearFaults()),
  );
  r.delete(
    '/faults/:id',
    wrap(req => ({ removed: control.removeFault(req.params.id) })),
  );

  r.get(
    '/rate-limit',
    wrap(() => ({
      core: control.rateLimit('core'),
      graphql: control.rateLimit('graphql'),
      search: control.rateLimit('search'),
    })),
  );
  r.put(
    '/rate-limit',
    wrap((_, b) => control.setRateLimit(b as any)),
  );
  r.post(
    '/rate-limit/exhaust',
    wrap((_, b) =>
      control.exhaustRateLimit(b.resource ?? 'core', b.resetInSeconds),
    ),
  );
  r.delete(
    '/rate-limit',
    wrap(() => control.resetRateLimits()),
  );

  r.put(
    '/repo-count',
    wrap((_, b) => control.setRepoCount(Number(b.count))),
  );
  r.post(
    '/repos/delete',
    wrap((_, b) => ({ deleted: control.deleteRepos(b.names ?? []) })),
  );
  r.post(
    '/repos/restore',
    wrap(() => control.restoreRepos()),
  );
  r.put(
    '/repos/:repo/files/*',
    wrap((req, b) => {
      if (typeof b.content !== 'string')
        throw new RangeError('content must be a string');
      control.putFile(
        req.params.repo,
        (req.params as any)[0],
        b.content,
        b.message,
      );
    }),
  );
  r.delete(
    '/repos/:repo/files/*',
    wrap(req => ({
      deleted: control.deleteFile(req.params.repo, (req.params as any)[0]),
    })),
  );
  r.put(
    '/repos/:repo/protection',
    wrap((req, b) =>
      control.setBranchProtection(
        req.params.repo,
        b.protected === false || b.protection === null
          ? null
          : b.protection ?? b,
      ),
    ),
  );
  r.put(
    '/repos/:repo/status',
    wrap((req, b) => {
      if (!('state' in b)) {
        throw new RangeError(
          'state is required (SUCCESS, FAILURE, PENDING or null)',
        );
      }
      control.setCommitStatus(req.params.repo, b.state);
    }),
  );
  r.post(
    '/repos/:repo/pulls',
    wrap((req, b) => control.addPullRequest(req.params.repo, b as any), 201),
  );
  r.post(
    '/repos/:repo/pulls/:number/close',
    wrap((req, b) =>
      control.closePullRequest(req.params.repo, Number(req.params.number), {
        merged: Boolean(b.merged),
      }),
    ),
  );
  r.post(
    '/repos/:repo/pulls/:number/reviews',
    wrap(
      (req, b) =>
        control.addReview(req.params.repo, Number(req.params.number), b as any),
      201,
    ),
  );
  r.get(
    '/created-repos',
    wrap(() => control.createdRepos()),
  );
  r.get(
    '/created-repos/:repo',
    wrap(req => control.createdRepo(req.params.repo)),
  );
  r.get(
    '/repos/:repo/pushes',
    wrap(req => control.pushes(req.params.repo)),
  );
  r.get(
    '/squads/:squad/members',
    wrap(req => control.squadMembers(req.params.squad)),
  );
  r.get(
    '/identities',
    wrap(() => control.identities()),
  );
  r.put(
    '/members/:login',
    wrap(req => control.addMember(req.params.login)),
  );
  r.put(
    '/outside-users/:login',
    wrap(req => control.addOutsideUser(req.params.login)),
  );
  r.post(
    '/reset',
    wrap(() => control.reset()),
  );
  r.use((_req: Request, res: Response) =>
    res.status(404).json({ message: 'Unknown control route' }),
  );
  return r;
}
