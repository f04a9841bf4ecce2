import express, { Request, Response } from 'express';
import {
  addControlRoutes,
  controlRoutes,
  type ControlRoute,
} from '@internal/dev-kit';
import { NotFound } from '../data/errors';
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

/** Express's name for the `*` of a path such as `/repos/:repo/files/*`. */
const wildcard = (req: Request): string => (req.params as any)[0];

function statsRoutes(control: GitHubControl): ControlRoute[] {
  return [
    ['get', '/', () => control.info()],
    ['get', '/stats', () => control.stats()],
    ['delete', '/stats', () => control.resetStats()],
    ['post', '/stats/reset', () => control.resetStats()],
    [
      'get',
      '/memory',
      req => {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (req.query.gc && gc) gc();
        return { ...process.memoryUsage(), gcAvailable: Boolean(gc) };
      },
    ],
  ];
}

function faultRoutes(control: GitHubControl): ControlRoute[] {
  return [
    ['get', '/faults', () => control.listFaults()],
    ['post', '/faults', (_, b) => control.injectFault(b), 201],
    ['delete', '/faults', () => control.clearFaults()],
    [
      'delete',
      '/faults/:id',
      req => ({ removed: control.removeFault(req.params.id) }),
    ],
  ];
}

function rateLimitRoutes(control: GitHubControl): ControlRoute[] {
  return [
    [
      'get',
      '/rate-limit',
      () => ({
        core: control.rateLimit('core'),
        graphql: control.rateLimit('graphql'),
        search: control.rateLimit('search'),
      }),
    ],
    ['put', '/rate-limit', (_, b) => control.setRateLimit(b as any)],
    [
      'post',
      '/rate-limit/exhaust',
      (_, b) =>
        control.exhaustRateLimit(b.resource ?? 'core', b.resetInSeconds),
    ],
    ['delete', '/rate-limit', () => control.resetRateLimits()],
  ];
}

function repoRoutes(control: GitHubControl): ControlRoute[] {
  return [
    ['put', '/repo-count', (_, b) => control.setRepoCount(Number(b.count))],
    [
      'post',
      '/repos/delete',
      (_, b) => ({ deleted: control.deleteRepos(b.names ?? []) }),
    ],
    ['post', '/repos/restore', () => control.restoreRepos()],
    [
      'put',
      '/repos/:repo/files/*',
      (req, b) => {
        if (typeof b.content !== 'string')
          throw new RangeError('content must be a string');
        control.putFile(req.params.repo, wildcard(req), b.content, b.message);
      },
    ],
    [
      'delete',
      '/repos/:repo/files/*',
      req => ({
        deleted: control.deleteFile(req.params.repo, wildcard(req)),
      }),
    ],
    [
      'put',
      '/repos/:repo/protection',
      (req, b) =>
        control.setBranchProtection(
          req.params.repo,
          b.protected === false || b.protection === null
            ? null
            : b.protection ?? b,
        ),
    ],
    [
      'put',
      '/repos/:repo/status',
      (req, b) => {
        if (!('state' in b)) {
          throw new RangeError(
            'state is required (SUCCESS, FAILURE, PENDING or null)',
          );
        }
        control.setCommitStatus(req.params.repo, b.state);
      },
    ],
  ];
}

function pullRoutes(control: GitHubControl): ControlRoute[] {
  return [
    [
      'post',
      '/repos/:repo/pulls',
      (req, b) => control.addPullRequest(req.params.repo, b as any),
      201,
    ],
    [
      'post',
      '/repos/:repo/pulls/:number/close',
      (req, b) =>
        control.closePullRequest(req.params.repo, Number(req.params.number), {
          merged: Boolean(b.merged),
        }),
    ],
    [
      'post',
      '/repos/:repo/pulls/:number/reviews',
      (req, b) =>
        control.addReview(req.params.repo, Number(req.params.number), b as any),
      201,
    ],
  ];
}

/** Repositories created through the API and what was pushed to them. */
function createdRoutes(control: GitHubControl): ControlRoute[] {
  return [
    ['get', '/created-repos', () => control.createdRepos()],
    [
      'get',
      '/created-repos/:repo',
      req => control.createdRepo(req.params.repo),
    ],
    ['get', '/repos/:repo/pushes', req => control.pushes(req.params.repo)],
  ];
}

function peopleRoutes(control: GitHubControl): ControlRoute[] {
  return [
    [
      'get',
      '/squads/:squad/members',
      req => control.squadMembers(req.params.squad),
    ],
    ['get', '/identities', () => control.identities()],
    ['put', '/members/:login', req => control.addMember(req.params.login)],
    [
      'put',
      '/outside-users/:login',
      req => control.addOutsideUser(req.params.login),
    ],
  ];
}

export function controlRouter(control: GitHubControl): express.Router {
  const r = express.Router();
  addControlRoutes(r, wrap, [
    ...statsRoutes(control),
    ...faultRoutes(control),
    ...rateLimitRoutes(control),
    ...repoRoutes(control),
    ...pullRoutes(control),
    ...createdRoutes(control),
    ...peopleRoutes(control),
    ['post', '/reset', () => control.reset()],
  ]);
  r.use((_req: Request, res: Response) =>
    res.status(404).json({ message: 'Unknown control route' }),
  );
  return r;
}
