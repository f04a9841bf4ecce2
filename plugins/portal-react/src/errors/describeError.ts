type ResponseErrorLike = Error & {
  statusCode?: number;
  statusText?: string;
  cause?: { name?: string; message?: string };
};

/** @public */
export type ErrorDescription = {
  message: string;
  /** `403 NotAllowedError`, `404 Not Found`. */
  detail?: string;
};

/** The HTTP status of a failed backend request, if it was one. @public */
export function statusOf(error: Error | undefined): number | undefined {
  return error?.name === 'ResponseError'
    ? (error as ResponseErrorLike).statusCode
    : undefined;
}

/** Whether the backend said no (403). @public */
export function isForbidden(error: Error): boolean {
  return statusOf(error) === 403;
}

/**
 * The message worth showing for an error: for a failed backend request the
 * backend's own words (which name the bad field), not "Request failed with
 * 400". Backstage's error handler sends `{ error: { name, message } }`; a
 * body without its `response` part, or another shape (`{ message }`,
 * `{ last_error }`), reaches the client as text in the message.
 *
 * @public
 */
export function describeError(error: Error): ErrorDescription {
  if (error.name !== 'ResponseError') {
    return { message: error.message || String(error) };
  }
  const { cause, statusCode, statusText } = error as ResponseErrorLike;
  // 'Error' is the name the client gives a body it could not read.
  let name = cause?.name === 'Error' ? undefined : cause?.name;
  let message = cause?.message || error.message;
  const raw = message.match(/^Request failed with status \d+[^,]*, (.*)$/s);
  if (raw) {
    message = raw[1];
    try {
      const body = JSON.parse(raw[1]);
      const text = [body?.error?.message, body?.message, body?.last_error].find(
        value => typeof value === 'string' && value,
      );
      if (text) {
        message = text;
        if (typeof body?.error?.name === 'string') {
          name = body.error.name;
        }
      }
    } catch {
      // Not JSON: keep the text.
    }
  }
  return {
    message,
    detail:
      [statusCode, name ?? statusText].filter(Boolean).join(' ') || undefined,
  };
}

/** Just the message of {@link describeError}, for a line of text. @public */
export function errorMessage(error: Error): string {
  return describeError(error).message;
}
