import { describeError } from '../errors/describeError';
import { errorResponse, jsonResponse, setupClient } from '../testing';
import { PluginBackend, queryString } from './PluginBackend';

function setup(response: () => Response) {
  return setupClient(
    apis => new PluginBackend({ ...apis, pluginId: 'jobs' }),
    response,
  );
}

describe('queryString', () => {
  it('repeats lists and leaves out undefined and empty values', () => {
    expect(
      queryString({
        state: ['running', 'pending'],
        owner: [''],
        limit: 50,
        environment: '',
        cursor: undefined,
      }),
    ).toBe('?state=running&state=pending&owner=&limit=50');
    expect(queryString({ environment: '' })).toBe('');
  });
});

describe('PluginBackend', () => {
  it('gets JSON under the plugin’s base URL', async () => {
    const { client, url, init } = setup(jsonResponse({ items: [] }));
    await expect(
      client.get('/jobs', { state: ['a', 'b'], q: 'x y' }),
    ).resolves.toEqual({ items: [] });
    expect(url().href).toBe(
      'http://backend/api/jobs/jobs?state=a&state=b&q=x+y',
    );
    expect(init()).toBeUndefined();
    await expect(client.baseUrl()).resolves.toBe('http://backend/api/jobs');
  });

  it('posts JSON', async () => {
    const { client, href, init, method } = setup(jsonResponse({ job: 1 }));
    await expect(client.post('/jobs/j1/cancel')).resolves.toEqual({ job: 1 });
    expect(href()).toBe('http://backend/api/jobs/jobs/j1/cancel');
    expect(method()).toBe('POST');
    expect(init()?.body).toBe('{}');
    expect(new Headers(init()?.headers).get('content-type')).toBe(
      'application/json',
    );
    await client.post('/jobs', { name: 'x' });
    expect(init()?.body).toBe('{"name":"x"}');
  });

  it("throws a failed request with the backend's message", async () => {
    const { client } = setup(errorResponse(400, 'InputError', 'to: too early'));
    const error = await client.get<never>('/jobs').catch((e: Error) => e);
    expect(error.name).toBe('ResponseError');
    expect(describeError(error)).toEqual({
      message: 'to: too early',
      detail: '400 InputError',
    });
  });

  it('hands back a raw response, e.g. a download', async () => {
    const { client, init } = setup(
      () =>
        new Response('a,b\n1,2\n', { headers: { 'content-type': 'text/csv' } }),
    );
    const response = await client.fetch('/export.csv', {
      headers: { accept: 'text/csv' },
    });
    await expect(response.text()).resolves.toBe('a,b\n1,2\n');
    expect(init()?.headers).toEqual({ accept: 'text/csv' });
  });
});
