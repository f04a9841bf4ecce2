import { errorMessage as describeError } from '@internal/backstage-plugin-portal-react';
import { setupClient } from '@internal/backstage-plugin-portal-react/testing';
import { HumioClient } from './HumioClient';

function setup(response: () => Response) {
  const { client, href } = setupClient(apis => new HumioClient(apis), response);
  return { client, url: href };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('HumioClient', () => {
  it("asks for an entity's logs with the range only, escaping the name", async () => {
    const body = { status: 'not-configured', message: 'no Humio' };
    const { client, url } = setup(() => json(body));
    await expect(
      client.getEntityLogs(
        { namespace: 'default', kind: 'Component', name: 'payments-api' },
        { range: '6h' },
      ),
    ).resolves.toEqual(body);
    expect(url()).toBe(
      'http://backend/api/humio/entities/default/Component/payments-api/logs?range=6h',
    );
    await client.getEntityLogs(
      { namespace: 'a/b', kind: 'Component', name: 'c d' },
      { range: '1h', limit: 20, filter: ' time out ' },
    );
    expect(url()).toBe(
      'http://backend/api/humio/entities/a%2Fb/Component/c%20d/logs?range=1h&limit=20&filter=time+out',
    );
    await client.getStatus();
    expect(url()).toBe('http://backend/api/humio/status');
  });

  it("turns error responses into ResponseErrors carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message: 'Humio is not connected: Humio answered HTTP 503',
          },
          response: { statusCode: 503 },
        },
        503,
      ),
    );
    const error = await client
      .getEntityLogs(
        { namespace: 'default', kind: 'Component', name: 'x' },
        { range: '1h' },
      )
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(503);
    expect(describeError(error)).toBe(
      'Humio is not connected: Humio answered HTTP 503',
    );
  });
});
