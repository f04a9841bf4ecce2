import express, { Request, Response } from 'express';
import { HttpError } from '../http/errors';
import type { HumioControl } from './control';

/*
 * The control API over HTTP, for tests in other processes (Playwright).
 * Not Humio's: JSON, no auth, never down, not counted in stats.
 */

type Body = Record<string, unknown>;

function wrap(fn: (req: Request, body: Body) => unknown) {
  return (req: Request, res: Response) => {
    try {
      const body =
        typeof req.body === 'object' && req.body !== null ? req.body : {};
      const result = fn(req, body as Body);
      res.status(200).json(result ?? { ok: true });
    } catch (e) {
      let status = 500;
      if (e instanceof HttpError) status = e.status;
      else if (e instanceof RangeError || e instanceof TypeError) status = 400;
      res.status(status).json({ message: (e as Error).message });
    }
  };
}

export function controlRouter(control: HumioControl): express.Router {
  const r = express.Router();
  r.use(express.json({ type: () => true }));
  r.get(
    '/',
    wrap(() => control.info()),
  );
  r.get(
    '/down',
    wrap(() => ({ down: control.isDown() })),
  );
  r.put(
    '/down',
    wrap((_, b) => {
      if (typeof b.down !== 'boolean') {
        throw new TypeError('Expected { "down": true | false }');
      }
      control.setDown(b.down);
      return { down: control.isDown() };
    }),
  );
  r.put(
    '/latency',
    wrap((_, b) => {
      control.setLatency(Number(b.ms));
      return { latencyMs: control.info().latencyMs };
    }),
  );
  r.get(
    '/repositories/:repo/events',
    wrap(req => control.events(req.params.repo)),
  );
  r.delete(
    '/repositories/:repo/events',
    wrap(req => control.clear(req.params.repo)),
  );
  r.delete(
    '/events',
    wrap(() => control.clear()),
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
    '/reset',
    wrap(() => control.reset()),
  );
  return r;
}
