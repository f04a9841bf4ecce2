import type { Express, NextFunction, Request, Response } from 'express';
import type { Server } from 'http';
import type { AddressInfo } from 'net';

/** A local server listening on a loopback port, and how to stop it. */
export interface Listening {
  http: Server;
  /** `host:port`, IPv6 hosts in brackets. */
  host: string;
  url: string;
  close(): Promise<void>;
}

/** Listens on `port` (0 for any free one) and resolves once bound. */
export async function listen(
  app: Express,
  options: { port?: number; hostname: string },
): Promise<Listening> {
  const { hostname } = options;
  const http = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, hostname, () => resolve(s));
    s.once('error', reject);
  });
  const port = (http.address() as AddressInfo).port;
  const host = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  return {
    http,
    host,
    url: `http://${host}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close(err => (err ? reject(err) : resolve()));
        http.closeAllConnections();
      }),
  };
}

/**
 * The last Express error handler: answers in the vendor's words through
 * `respond`, and never writes to a response that has already started.
 * `respond` returns false for errors it does not recognise, which are logged
 * as the server's own bugs and answered with `unexpected`.
 */
export function lastResortErrorHandler(
  serverName: string,
  respond: (err: any, req: Request, res: Response) => boolean,
  unexpected: (err: any, res: Response) => void,
) {
  return (err: any, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (respond(err, req, res)) return;
    // eslint-disable-next-line no-console
    console.error(`${serverName}: unexpected error`, err);
    unexpected(err, res);
  };
}
