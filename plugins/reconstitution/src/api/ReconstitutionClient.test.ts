import {
  errorResponse as failure,
  jsonResponse as ok,
  setupClient,
} from '@internal/backstage-plugin-portal-react/testing';
import { describeError } from '@internal/backstage-plugin-portal-react';
import { ReconstitutionClient } from './ReconstitutionClient';

function setup(response: () => Response) {
  return setupClient(apis => new ReconstitutionClient(apis), response);
}

describe('ReconstitutionClient', () => {
  it('lists jobs with the filters as query parameters, repeating states', async () => {
    const { client, url, init } = setup(ok({ items: [], nextCursor: 'c2' }));
    const page = await client.listJobs({
      states: ['running', 'pending'],
      environment: 'dev',
      receiver: 'component:default/payments-read-model',
      limit: 50,
      cursor: 'c1',
    });
    expect(page).toEqual({ items: [], nextCursor: 'c2' });
    const sent = url();
    expect(sent.origin + sent.pathname).toBe(
      'http://backend/api/reconstitution/jobs',
    );
    expect(sent.searchParams.getAll('state')).toEqual(['running', 'pending']);
    expect(sent.searchParams.get('environment')).toBe('dev');
    expect(sent.searchParams.get('receiver')).toBe(
      'component:default/payments-read-model',
    );
    expect(sent.searchParams.get('limit')).toBe('50');
    expect(sent.searchParams.get('cursor')).toBe('c1');
    expect(init()?.method).toBeUndefined();
  });

  it('leaves out filters that are not set', async () => {
    const { client, url } = setup(ok({ items: [] }));
    await client.listJobs();
    expect(url().search).toBe('');
    await client.listJobs({ states: [], environment: '' });
    expect(url().search).toBe('');
    await client.listProducers({ environment: 'prod' });
    expect(url().pathname).toBe('/api/reconstitution/producers');
    expect(url().search).toBe('?environment=prod');
  });

  it('unwraps the item lists of archive, producers and receivers', async () => {
    const { client, url } = setup(ok({ items: [{ environment: 'dev' }] }));
    await expect(client.getArchiveStatus()).resolves.toEqual([
      { environment: 'dev' },
    ]);
    expect(url().pathname).toBe('/api/reconstitution/archive');
    await expect(client.listReceivers()).resolves.toEqual([
      { environment: 'dev' },
    ]);
    expect(url().pathname).toBe('/api/reconstitution/receivers');
  });

  it('posts dry runs and jobs as JSON and unwraps the created job', async () => {
    const dry = setup(ok({ total: 3, byEventName: [], sample: [] }));
    const selection = {
      environment: 'dev',
      domain: 'organisation',
      entityType: 'organisation-party',
      entityIds: ['a', 'b'],
      sampleSize: 10,
    };
    await expect(dry.client.dryRun(selection)).resolves.toMatchObject({
      total: 3,
    });
    expect(dry.url().pathname).toBe('/api/reconstitution/dry-run');
    expect(dry.init()?.method).toBe('POST');
    expect(new Headers(dry.init()?.headers).get('content-type')).toBe(
      'application/json',
    );
    expect(JSON.parse(String(dry.init()?.body))).toEqual(selection);

    const create = setup(ok({ job: { id: 'j1', state: 'pending' } }, 201));
    const request = {
      environment: 'dev',
      domain: 'organisation',
      entityType: 'organisation-party',
      receiver: {
        entityRef: 'component:default/payments-read-model',
        queue: 'q',
      },
      ratePerSecond: 100,
    };
    await expect(create.client.createJob(request)).resolves.toEqual({
      id: 'j1',
      state: 'pending',
    });
    expect(create.url().pathname).toBe('/api/reconstitution/jobs');
    expect(JSON.parse(String(create.init()?.body))).toEqual(request);
  });

  it('reads and cancels single jobs, escaping the id', async () => {
    const read = setup(ok({ job: { id: 'a/b' }, entityIds: [] }));
    await read.client.getJob('a/b');
    expect(read.url().pathname).toBe('/api/reconstitution/jobs/a%2Fb');

    const cancel = setup(ok({ job: { id: 'j1', state: 'cancelled' } }));
    await expect(cancel.client.cancelJob('j1')).resolves.toEqual({
      id: 'j1',
      state: 'cancelled',
    });
    expect(cancel.url().pathname).toBe('/api/reconstitution/jobs/j1/cancel');
    expect(cancel.init()?.method).toBe('POST');
  });

  it('approves with an empty body and refuses with the reason', async () => {
    const approve = setup(ok({ job: { id: 'j1', state: 'pending' } }));
    await expect(approve.client.approveJob('j1')).resolves.toEqual({
      id: 'j1',
      state: 'pending',
    });
    expect(approve.url().pathname).toBe('/api/reconstitution/jobs/j1/approve');
    expect(approve.init()?.method).toBe('POST');
    expect(JSON.parse(String(approve.init()?.body))).toEqual({});

    const refuse = setup(ok({ job: { id: 'a/b', state: 'refused' } }));
    await expect(
      refuse.client.refuseJob('a/b', 'Wrong window'),
    ).resolves.toEqual({ id: 'a/b', state: 'refused' });
    expect(refuse.url().pathname).toBe('/api/reconstitution/jobs/a%2Fb/refuse');
    expect(JSON.parse(String(refuse.init()?.body))).toEqual({
      reason: 'Wrong window',
    });
  });

  it("turns error responses into ResponseErrors carrying the backend's message", async () => {
    const message = 'Invalid request: to: must be after from';
    const { client } = setup(failure(400, 'InputError', message));
    const error = await client
      .dryRun({ environment: 'dev', domain: 'd', entityType: 't' })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(400);
    expect(describeError(error)).toEqual({
      message,
      detail: '400 InputError',
    });

    const forbidden = setup(
      failure(403, 'NotAllowedError', 'You may not create reconstitution jobs'),
    );
    const refused = await forbidden.client
      .createJob({
        environment: 'dev',
        domain: 'd',
        entityType: 't',
        receiver: { entityRef: 'component:default/x', queue: 'q' },
      })
      .catch(e => e);
    expect(describeError(refused)).toEqual({
      message: 'You may not create reconstitution jobs',
      detail: '403 NotAllowedError',
    });

    const missing = setup(failure(404, 'NotFoundError', 'No job j9'));
    const notFound = await missing.client.getJob('j9').catch(e => e);
    expect(notFound.statusCode).toBe(404);
    expect(describeError(notFound).message).toBe('No job j9');
  });
});
