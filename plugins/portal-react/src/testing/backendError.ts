import { ResponseError } from '@backstage/errors';

/**
 * The error an API client throws for an error response of its backend, as
 * Backstage's error handler sends it, e.g.
 * `backendError(403, 'NotAllowedError', 'Only the owners may cancel')`.
 *
 * @public
 */
export async function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}
