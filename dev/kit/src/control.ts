import type { Request, RequestHandler, Response } from 'express';

/*
 * The local servers' control APIs (not the vendors': JSON, no auth, never
 * down, not counted in stats) let tests in other processes steer them.
 */

export type ControlBody = Record<string, any>;

/**
 * Makes the route wrapper of one server's control API: a handler returns
 * the response body (or nothing, for `{ ok: true }`) and throws to refuse;
 * `statusOf` says which errors are the caller's fault.
 */
export function controlRoutes(
  statusOf: (error: unknown) => number | undefined,
) {
  return function route(
    fn: (req: Request, body: ControlBody) => unknown,
    status = 200,
  ): RequestHandler {
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
