import { describeError } from '@internal/backstage-plugin-portal-react';
import {
  errorResponse as failure,
  jsonResponse as ok,
  setupClient,
} from '@internal/backstage-plugin-portal-react/testing';
import { ScorecardsClient } from './ScorecardsClient';

function setup(response: () => Response) {
  return setupClient(apis => new ScorecardsClient(apis), response);
}

const BASE = 'http://backend/api/tech-insights';

describe('ScorecardsClient', () => {
  it('unwraps the tracks and reads, re-runs and reads the history of an entity', async () => {
    const { client, url, init } = setup(ok({ items: [{ id: 't1' }] }));
    await expect(client.listTracks()).resolves.toEqual([{ id: 't1' }]);
    expect(url().href).toBe(`${BASE}/scorecards/tracks`);
    expect(init()?.method).toBeUndefined();

    const entity = setup(ok({ entityRef: 'component:default/a', tracks: [] }));
    await entity.client.getEntityScorecard('component:default/payments-api');
    expect(entity.url().href).toBe(
      `${BASE}/scorecards/entities/default/component/payments-api`,
    );
    // Kind and namespace as the catalog writes them; names are escaped.
    await entity.client.getEntityScorecard('Component:Default/a b');
    expect(entity.url().pathname).toBe(
      '/api/tech-insights/scorecards/entities/default/component/a%20b',
    );

    await entity.client.rerunEntity('component:team-x/ledger');
    expect(entity.url().href).toBe(
      `${BASE}/scorecards/entities/team-x/component/ledger/run`,
    );
    expect(entity.init()?.method).toBe('POST');

    await entity.client.getEntityHistory('component:default/ledger');
    expect(entity.url().href).toBe(
      `${BASE}/scorecards/entities/default/component/ledger/history`,
    );
    expect(entity.init()?.method).toBeUndefined();
  });

  it('lists, creates and revokes exemptions', async () => {
    const list = setup(ok({ items: [{ id: 'e1' }] }));
    await expect(
      list.client.listExemptions('component:default/payments-api'),
    ).resolves.toEqual([{ id: 'e1' }]);
    expect(list.url().pathname).toBe(
      '/api/tech-insights/scorecards/exemptions',
    );
    expect(list.url().searchParams.get('entityRef')).toBe(
      'component:default/payments-api',
    );

    const create = setup(ok({ id: 'e2' }, 201));
    const request = {
      entityRef: 'component:default/payments-api',
      checkId: 'has-ci',
      justification: 'CI moves to the new runners next sprint',
      expiresAt: '2030-01-01T00:00:00.000Z',
    };
    await expect(create.client.createExemption(request)).resolves.toEqual({
      id: 'e2',
    });
    expect(create.url().href).toBe(`${BASE}/scorecards/exemptions`);
    expect(create.init()?.method).toBe('POST');
    expect(new Headers(create.init()?.headers).get('content-type')).toBe(
      'application/json',
    );
    expect(JSON.parse(String(create.init()?.body))).toEqual(request);

    const revoke = setup(ok({ id: 'a/b', revokedAt: 'now' }));
    await revoke.client.revokeExemption('a/b');
    expect(revoke.url().pathname).toBe(
      '/api/tech-insights/scorecards/exemptions/a%2Fb/revoke',
    );
    expect(revoke.init()?.method).toBe('POST');
  });

  it('reads the matrix, groups and trends, and evaluates everything', async () => {
    const { client, url, init } = setup(ok({}));
    await client.getMatrix();
    expect(url().href).toBe(`${BASE}/scorecards/matrix`);

    await client.getGroupScorecard('group:default/squad-aura');
    expect(url().href).toBe(`${BASE}/scorecards/groups/default/squad-aura`);

    await client.getTrend({
      group: 'group:default/squad-aura',
      track: 'service-maturity',
    });
    expect(url().pathname).toBe('/api/tech-insights/scorecards/trends');
    expect(Object.fromEntries(url().searchParams)).toEqual({
      group: 'group:default/squad-aura',
      track: 'service-maturity',
      days: '90',
    });

    // The organisation: no group.
    await client.getTrend({ track: 'service-maturity', days: 30 });
    expect(url().search).toBe('?track=service-maturity&days=30');

    await client.evaluateAll();
    expect(url().href).toBe(`${BASE}/scorecards/evaluate`);
    expect(init()?.method).toBe('POST');
  });

  it('fetches the CSV export with the fetch API, for a group or everything', async () => {
    const { client, url } = setup(
      () =>
        new Response('entityRef,level\n', {
          headers: { 'content-type': 'text/csv' },
        }),
    );
    await expect(client.getExportUrl()).resolves.toBe(
      `${BASE}/scorecards/export.csv`,
    );
    await expect(
      client.getExportUrl({ group: 'group:default/squad-aura' }),
    ).resolves.toBe(
      `${BASE}/scorecards/export.csv?group=group%3Adefault%2Fsquad-aura`,
    );
    const blob = await client.exportCsv({ group: 'group:default/squad-aura' });
    expect(url().searchParams.get('group')).toBe('group:default/squad-aura');
    expect(await blob.text()).toBe('entityRef,level\n');
  });

  it("turns error responses into errors carrying the backend's message", async () => {
    const message = 'expiresAt must be at most one year ahead';
    const { client } = setup(failure(400, 'InputError', message));
    const error = await client
      .createExemption({
        entityRef: 'component:default/a',
        checkId: 'c',
        justification: 'long enough text',
        expiresAt: '2100-01-01T00:00:00.000Z',
      })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(400);
    expect(describeError(error)).toEqual({
      message,
      detail: '400 InputError',
    });

    const forbidden = setup(
      failure(403, 'NotAllowedError', 'Only the owners may re-run the checks'),
    );
    const refused = await forbidden.client
      .rerunEntity('component:default/a')
      .catch(e => e);
    expect(describeError(refused)).toEqual({
      message: 'Only the owners may re-run the checks',
      detail: '403 NotAllowedError',
    });

    const missing = setup(failure(404, 'NotFoundError', 'Unknown entity'));
    const notFound = await missing.client
      .getEntityScorecard('component:default/nope')
      .catch(e => e);
    expect(notFound.statusCode).toBe(404);
    expect(describeError(notFound).message).toBe('Unknown entity');

    const csv = setup(failure(500, 'Error', 'Export failed'));
    const csvError = await csv.client.exportCsv().catch(e => e);
    expect(describeError(csvError).message).toBe('Export failed');
  });
});
