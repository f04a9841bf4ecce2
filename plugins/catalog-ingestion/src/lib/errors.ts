type ResponseErrorLike = Error & {
  statusCode?: number;
  statusText?: string;
  cause?: { name?: string; message?: string };
};

/** The HTTP status of a failed backend request, if it was one. */
export function statusOf(error: Error | undefined): number | undefined {
  return error?.name === 'ResponseError'
    ? (error as ResponseErrorLike).statusCode
    : undefined;
}

/**
 * The message worth showing for an error: for a failed backend request the
 * backend's own words, not "Request failed with 404". Backstage's error
 * handler sends `{ error: { name, message } }` (403 "Unauthorized", a 500
 * with the database's error); the ingestion router's own 404s send
 * `{ message }` or `{ last_error }` ("Provider 'x' not found").
 */
export function describeError(error: Error): {
  message: string;
  /** `403 NotAllowedError`, `404 Not Found`. */
  detail?: string;
  status?: number;
} {
  if (error.name !== 'ResponseError') {
    return { message: error.message || String(error) };
  }
  const { cause, statusCode, statusText } = error as ResponseErrorLike;
  let name = cause?.name === 'Error' ? undefined : cause?.name;
  let message = cause?.message || error.message;
  // A body without Backstage's error shape ends up as text in the message.
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
    status: statusCode,
  };
}
