import { InputError } from '@backstage/errors';
import express from 'express';

/**
 * body-parser's parse errors carry the raw request body, which the error
 * handler would send back whole (up to the size limit): keep the reason
 * only, as a 400.
 */
function withoutEchoedBody(
  error: unknown,
  _req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  const type = (error as { type?: unknown } | undefined)?.type;
  next(
    type === 'entity.parse.failed' || type === 'entity.verify.failed'
      ? new InputError(`Invalid request: body: ${(error as Error).message}`)
      : error,
  );
}

/**
 * JSON body parsing for a plugin router (`router.use(jsonBody({ limit:
 * '1mb' }))`): bodies over `limit` are refused by body-parser (413), and
 * malformed JSON is a 400 naming the parse error without the body.
 */
export function jsonBody(options: {
  limit: string;
}): Array<express.RequestHandler | express.ErrorRequestHandler> {
  return [express.json({ limit: options.limit }), withoutEchoedBody];
}
