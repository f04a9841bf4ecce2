import { describeError } from '@internal/backstage-plugin-portal-react';
import {
  jsonResponse as ok,
  setupClient,
} from '@internal/backstage-plugin-portal-react/testing';
import { DeadLetterClient } from './DeadLetterClient';

function setup(response: () => Response) {
  const { client, fetch, url } = setupClient(
    apis => new DeadLetterClient(apis),
    response,
  );
  return { client, fetch, url };
}

describe('DeadLetterClient', () => {
  it('sends the filters as query parameters, repeating lists', async () => {
    const { client, url } = setup(ok({ items: [], nextCursor: 'c2' }));
    const page = await client.listMessages({
      environment: 'prod',
      states: ['unresolved', 'replaying'],
      owners: ['group:default/a', 'group:default/b'],
      unowned: true,
      component: 'component:default/payments-api',
      queue: 'payments.incoming',
      reason: 'rejected',
      group: 'fp',
      q: 'order 42',
      from: '2024-05-01T00:00:00.000Z',
      to: '2024-05-02T00:00:00.000Z',
      limit: 100,
      cursor: 'c1',
    });
    expect(page.nextCursor).toBe('c2');
    const sent = url();
    expect(sent.pathname).toBe('/api/dead-letter/messages');
    expect(sent.searchParams.get('environment')).toBe('prod');
    expect(sent.searchParams.getAll('state')).toEqual([
      'unresolved',
      'replaying',
    ]);
    expect(sent.searchParams.getAll('owner')).toEqual([
      'group:default/a',
      'group:default/b',
    ]);
    expect(sent.searchParams.get('unowned')).toBe('true');
    expect(sent.searchParams.get('component')).toBe(
      'component:default/payments-api',
    );
    expect(sent.searchParams.get('queue')).toBe('payments.incoming');
    expect(sent.searchParams.get('reason')).toBe('rejected');
    expect(sent.searchParams.get('group')).toBe('fp');
    expect(sent.searchParams.get('q')).toBe('order 42');
    expect(sent.searchParams.get('from')).toBe('2024-05-01T00:00:00.000Z');
    expect(sent.searchParams.get('to')).toBe('2024-05-02T00:00:00.000Z');
    expect(sent.searchParams.get('limit')).toBe('100');
    expect(sent.searchParams.get('cursor')).toBe('c1');
  });

  it('leaves out filters that are not set', async () => {
    const { client, url } = setup(ok({ items: [] }));
    await client.listMessages({ environment: 'dev' });
    expect(url().search).toBe('?environment=dev');
  });

  it('asks for unowned messages only with an empty owner', async () => {
    const { client, url } = setup(ok({ items: [] }));
    await client.listMessages({ unowned: true });
    expect(url().searchParams.getAll('owner')).toEqual(['']);
    expect(url().searchParams.get('unowned')).toBe('true');
  });

  it('reads environments, counts, groups and single messages', async () => {
    const { client, url } = setup(ok({ items: [{ name: 'prod' }] }));
    await expect(client.getEnvironments()).resolves.toEqual([{ name: 'prod' }]);
    expect(url().pathname).toBe('/api/dead-letter/environments');

    await client.getCounts({
      owners: ['group:default/a'],
      states: ['unresolved'],
    });
    expect(url().pathname).toBe('/api/dead-letter/counts');
    expect(url().search).toBe('?owner=group%3Adefault%2Fa&state=unresolved');

    await client.getGroups({ environment: 'prod', states: ['unresolved'] });
    expect(url().pathname).toBe('/api/dead-letter/groups');
    expect(url().search).toBe('?environment=prod&state=unresolved');

    await client.getMessage('a/b');
    expect(url().pathname).toBe('/api/dead-letter/messages/a%2Fb');
  });

  it('tells a replay or discard sent for approval from one that ran', async () => {
    const approval = {
      id: 'r1',
      action: 'replay',
      state: 'awaiting-approval',
      messageCount: 200,
    };
    const replay = setup(ok({ approval }, 202));
    await expect(
      replay.client.createReplay({ filter: { environment: 'prod' } }),
    ).resolves.toEqual({ approval });

    // Neither a job nor a request: an error, never an undefined job.
    const odd = setup(ok({}, 202));
    await expect(
      odd.client.createReplay({ filter: { environment: 'prod' } }),
    ).rejects.toThrow('neither a job nor an approval request');

    const discard = setup(
      ok({ requested: 150, affected: 0, approval: { ...approval, id: 'r2' } }),
    );
    await expect(discard.client.discard(['a'])).resolves.toEqual({
      requested: 150,
      affected: 0,
      approval: { ...approval, id: 'r2' },
    });
  });

  it('lists, approves and refuses approval requests', async () => {
    const { client, fetch, url } = setup(ok({ items: [] }));
    await expect(
      client.listApprovals({ environment: 'prod', state: 'awaiting-approval' }),
    ).resolves.toEqual([]);
    expect(url().pathname).toBe('/api/dead-letter/approvals');
    expect(url().search).toBe('?environment=prod&state=awaiting-approval');

    const approval = { id: 'a/b', state: 'approved' };
    const approve = setup(ok({ approval }));
    await expect(approve.client.approveRequest('a/b')).resolves.toEqual(
      approval,
    );
    expect(approve.url().pathname).toBe(
      '/api/dead-letter/approvals/a%2Fb/approve',
    );
    let init = approve.fetch.mock.calls[0][1] as RequestInit;
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({});

    const refuse = setup(ok({ approval: { id: 'r1', state: 'refused' } }));
    await refuse.client.refuseRequest('r1', 'Not during the freeze');
    expect(refuse.url().pathname).toBe('/api/dead-letter/approvals/r1/refuse');
    init = refuse.fetch.mock.calls[0][1] as RequestInit;
    expect(JSON.parse(String(init.body))).toEqual({
      reason: 'Not during the freeze',
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('posts discards and restores, and reads the audit log', async () => {
    const { client, fetch, url } = setup(ok({ requested: 2, affected: 1 }));
    await expect(client.discard(['a', 'b'])).resolves.toEqual({
      requested: 2,
      affected: 1,
    });
    expect(url().pathname).toBe('/api/dead-letter/messages/discard');
    let init = fetch.mock.calls[0][1] as RequestInit;
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ ids: ['a', 'b'] });
    expect(new Headers(init.headers).get('content-type')).toBe(
      'application/json',
    );

    await client.restore(['c']);
    expect(url().pathname).toBe('/api/dead-letter/messages/restore');
    init = fetch.mock.calls[1][1] as RequestInit;
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ ids: ['c'] });

    await client.listAudit({ limit: 20, cursor: 'abc' });
    expect(url().pathname).toBe('/api/dead-letter/audit');
    expect(url().search).toBe('?limit=20&cursor=abc');
    await client.listAudit();
    expect(url().search).toBe('');
  });

  it('starts replays by id or by filter and unwraps the job', async () => {
    const job = { id: 'j1', state: 'pending', total: 3 };
    const { client, fetch, url } = setup(ok({ job }));
    await expect(
      client.createReplay({
        ids: ['a', 'b', 'c'],
        target: { kind: 'queue', queue: 'payments.retry' },
        ratePerSecond: 50,
      }),
    ).resolves.toEqual({ job });
    expect(url().pathname).toBe('/api/dead-letter/replays');
    let init = fetch.mock.calls[0][1] as RequestInit;
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('content-type')).toBe(
      'application/json',
    );
    expect(JSON.parse(String(init.body))).toEqual({
      ids: ['a', 'b', 'c'],
      target: { kind: 'queue', queue: 'payments.retry' },
      ratePerSecond: 50,
    });

    // "Only unowned" goes as it is: the body has no query-string workaround.
    await client.createReplay({
      filter: { environment: 'prod', unowned: true, group: 'fp' },
      target: { kind: 'source' },
    });
    init = fetch.mock.calls[1][1] as RequestInit;
    expect(JSON.parse(String(init.body))).toEqual({
      filter: { environment: 'prod', unowned: true, group: 'fp' },
      target: { kind: 'source' },
    });
  });

  it('lists, reads and cancels replay jobs', async () => {
    const { client, fetch, url } = setup(ok({ items: [{ id: 'j1' }] }));
    await expect(
      client.listReplays({ environment: 'prod', limit: 20 }),
    ).resolves.toEqual([{ id: 'j1' }]);
    expect(url().pathname).toBe('/api/dead-letter/replays');
    expect(url().search).toBe('?environment=prod&limit=20');
    await client.listReplays();
    expect(url().search).toBe('');

    const detail = { job: { id: 'a/b' }, items: [], itemsTruncated: false };
    const reads = setup(ok(detail));
    await expect(reads.client.getReplay('a/b')).resolves.toEqual(detail);
    expect(reads.url().pathname).toBe('/api/dead-letter/replays/a%2Fb');

    const cancels = setup(ok({ job: { id: 'j1', state: 'cancelled' } }));
    await expect(cancels.client.cancelReplay('j1')).resolves.toEqual({
      id: 'j1',
      state: 'cancelled',
    });
    expect(cancels.url().pathname).toBe('/api/dead-letter/replays/j1/cancel');
    expect((cancels.fetch.mock.calls[0][1] as RequestInit).method).toBe('POST');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("carries the backend's message of a refused replay", async () => {
    const message =
      'Invalid request: filter: matches 120000 unresolved messages; at most 100000 per replay job — narrow the filter';
    const { client } = setup(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'InputError', message },
            response: { statusCode: 400 },
          }),
          {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const error = await client
      .createReplay({ filter: { environment: 'prod' } })
      .catch(e => e);
    expect(describeError(error)).toEqual({
      message,
      detail: '400 InputError',
    });
  });

  it("carries the backend's message of a refused discard", async () => {
    const message =
      'You may discard only dead letters of components your squads own: 1 of 2 selected messages belong to components your squads do not own';
    const { client } = setup(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message },
            request: {
              method: 'POST',
              url: '/api/dead-letter/messages/discard',
            },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const error = await client.discard(['a', 'b']).catch(e => e);
    expect(describeError(error)).toEqual({
      message,
      detail: '403 NotAllowedError',
    });
  });

  it('turns error responses into errors carrying the backend message', async () => {
    const { client } = setup(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'Invalid request: limit: too big',
            },
          }),
          {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const error = await client.listMessages({ limit: 9999 }).catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(describeError(error)).toEqual({
      message: 'Invalid request: limit: too big',
      detail: '400 InputError',
    });
  });
});
