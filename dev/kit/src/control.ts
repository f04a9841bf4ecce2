import type { Request, RequestHandler, Response, Router } from 'express';

/*
 * The local servers' control APIs (not the vendors': JSON, no auth, never
 * down, not counted in stats) let tests in other processes steer them.
 */

export type ControlBody = Record<string, any>;

/** A control route's handler: the response body (or nothing), or a throw. */
export type ControlHandler = (req: Request, body: ControlBody) => unknown;

/**
 * One route of a control API: method, Express path, handler and the status
 * of success (200 unless given).
 */
export type ControlRoute = [
  method: 'get' | 'put' | 'post' | 'delete',
  path: string,
  handler: ControlHandler,
  status?: number,
];

/**
 * Makes the route wrapper of one server's control API: a handler returns
 * the response body (or nothing, for `{ ok: true }`) and throws to refuse;
 * `statusOf` says which errors are the caller's fault.
 */
export function controlRoutes(
  statusOf: (error: unknown) => number | undefined,
) {
  return function route(fn: ControlHandler, status = 200): RequestHandler {
    return (req: Request, res: Response) => {
      try {
        const body =
          typeof req.body === 'object' && req.body !== null ? req.body : {};
        const result = fn(req, body as ControlBody);
        res.status(status).json(result ?? { ok: true });
      } catch (e) {
        res.status(statusOf(e) ?? 500).json({ message: (e as Error).message });
      }
    };
  };
}

/** Adds a table of control routes to `router`, each through `route`. */
export function addControlRoutes(
  router: Router,
  route: ReturnType<typeof controlRoutes>,
  routes: ControlRoute[],
): Router {
  for (const [method, path, handler, status] of routes) {
    router[method](path, route(handler, status));
  }
  return router;
}
