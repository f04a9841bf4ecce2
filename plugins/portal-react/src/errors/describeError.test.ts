import { ResponseError } from '@backstage/errors';
import { backendError } from '../testing';
import {
  describeError,
  errorMessage,
  isForbidden,
  statusOf,
} from './describeError';

const response = (body: string, init: ResponseInit) =>
  ResponseError.fromResponse(
    new Response(body, {
      ...init,
      headers: { 'content-type': 'application/json' },
    }),
  );

describe('describeError', () => {
  it("shows a backend's error in its own words, with status and name", async () => {
    const error = await backendError(403, 'NotAllowedError', 'Unauthorized');
    expect(describeError(error)).toEqual({
      message: 'Unauthorized',
      detail: '403 NotAllowedError',
    });
    expect(errorMessage(error)).toBe('Unauthorized');
    expect(statusOf(error)).toBe(403);
    expect(isForbidden(error)).toBe(true);
  });

  it('reads an error body without Backstage’s response part', async () => {
    const error = await response(
      JSON.stringify({ error: { name: 'InputError', message: 'bad to' } }),
      { status: 400, statusText: 'Bad Request' },
    );
    expect(describeError(error)).toEqual({
      message: 'bad to',
      detail: '400 InputError',
    });
  });

  it('reads the ingestion router’s own bodies', async () => {
    const notFound = await response(
      JSON.stringify({ success: false, last_error: "Provider 'x' not found" }),
      { status: 404, statusText: 'Not Found' },
    );
    expect(describeError(notFound)).toEqual({
      message: "Provider 'x' not found",
      detail: '404 Not Found',
    });
    const message = await response(JSON.stringify({ message: 'nope' }), {
      status: 404,
      statusText: 'Not Found',
    });
    expect(errorMessage(message)).toBe('nope');
  });

  it('shows a body that is no JSON as text', async () => {
    const error = await response('Bad gateway', {
      status: 502,
      statusText: 'Bad Gateway',
    });
    expect(describeError(error)).toEqual({
      message: 'Bad gateway',
      detail: '502 Bad Gateway',
    });
    expect(isForbidden(error)).toBe(false);
  });

  it('shows other errors by their message', () => {
    const error = new TypeError('Failed to fetch');
    expect(describeError(error)).toEqual({ message: 'Failed to fetch' });
    expect(statusOf(error)).toBeUndefined();
    expect(statusOf(undefined)).toBeUndefined();
  });
});
