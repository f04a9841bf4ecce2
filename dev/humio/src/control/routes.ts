import express from 'express';
import { controlRoutes } from '@internal/dev-kit';
import { HttpError } from '../http/errors';
import type { HumioControl } from './control';

/*
 * The control API over HTTP, for tests in other processes (Playwright).
 * Not Humio's: JSON, no auth, never down, not counted in stats.
 */

const wrap = controlRoutes(e => {
  if (e instanceof HttpError) return e.status;
  if (e instanceof RangeError || e instanceof TypeError) return 400;
  return undefined;
});

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
