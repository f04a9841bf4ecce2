import express from 'express';
import {
  addControlRoutes,
  controlRoutes,
  type ControlRoute,
} from '@internal/dev-kit';
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

/** Outages and slowness. */
function healthRoutes(control: HumioControl): ControlRoute[] {
  return [
    ['get', '/down', () => ({ down: control.isDown() })],
    [
      'put',
      '/down',
      (_, b) => {
        if (typeof b.down !== 'boolean') {
          throw new TypeError('Expected { "down": true | false }');
        }
        control.setDown(b.down);
        return { down: control.isDown() };
      },
    ],
    [
      'put',
      '/latency',
      (_, b) => {
        control.setLatency(Number(b.ms));
        return { latencyMs: control.info().latencyMs };
      },
    ],
  ];
}

function eventRoutes(control: HumioControl): ControlRoute[] {
  return [
    [
      'get',
      '/repositories/:repo/events',
      req => control.events(req.params.repo),
    ],
    [
      'delete',
      '/repositories/:repo/events',
      req => control.clear(req.params.repo),
    ],
    ['delete', '/events', () => control.clear()],
  ];
}

export function controlRouter(control: HumioControl): express.Router {
  const r = express.Router();
  r.use(express.json({ type: () => true }));
  return addControlRoutes(r, wrap, [
    ['get', '/', () => control.info()],
    ...healthRoutes(control),
    ...eventRoutes(control),
    ['get', '/stats', () => control.stats()],
    ['delete', '/stats', () => control.resetStats()],
    ['post', '/reset', () => control.reset()],
  ]);
}
