import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { deadLetterApiRef } from '../../api';
import { FakeDeadLetterApi } from '../../testing/FakeDeadLetterApi';
import { rootRouteRef } from '../../routes';
import { GroupDeadLetterCard } from './GroupDeadLetterCard';

const squad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-aura', namespace: 'default' },
  spec: { type: 'squad', children: [] },
};

function renderCard(api: FakeDeadLetterApi) {
  return renderInTestApp(
    <EntityProvider entity={squad}>
      <GroupDeadLetterCard />
    </EntityProvider>,
    {
      apis: [[deadLetterApiRef, api]],
      mountedRoutes: { '/dead-letter': rootRouteRef },
    },
  );
}

describe('GroupDeadLetterCard', () => {
  it('shows unresolved counts per environment with "Handle now" links', async () => {
    const api = new FakeDeadLetterApi({
      counts: [
        {
          environment: 'dev',
          ownerRef: 'group:default/squad-aura',
          state: 'unresolved',
          count: 3,
        },
        {
          environment: 'prod',
          ownerRef: 'group:default/squad-aura',
          state: 'unresolved',
          count: 12,
        },
      ],
    });
    renderCard(api);

    expect(
      await screen.findByText('Unresolved — dev: 3, prod: 12'),
    ).toBeInTheDocument();
    expect(api.countRequests).toEqual([
      { owners: ['group:default/squad-aura'], states: ['unresolved'] },
    ]);
    expect(
      screen.getByRole('link', { name: 'Handle now in prod' }),
    ).toHaveAttribute(
      'href',
      '/dead-letter?environment=prod&owner=group:default/squad-aura&state=unresolved',
    );
    expect(
      screen.getByRole('link', { name: 'Handle now in dev' }),
    ).toHaveAttribute(
      'href',
      '/dead-letter?environment=dev&owner=group:default/squad-aura&state=unresolved',
    );
  });

  it('lists environments without dead letters as 0, without a link', async () => {
    const api = new FakeDeadLetterApi({
      counts: [
        {
          environment: 'prod',
          ownerRef: 'group:default/squad-aura',
          state: 'unresolved',
          count: 1,
        },
      ],
    });
    renderCard(api);
    expect(
      await screen.findByText('Unresolved — dev: 0, prod: 1'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Handle now in dev' }),
    ).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Handle now in prod' }),
    ).toBeInTheDocument();
  });

  it('is calm when there is nothing to handle', async () => {
    renderCard(new FakeDeadLetterApi({ counts: [] }));
    expect(await screen.findByText('No dead letters')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Handle now/ })).toBeNull();
  });

  it('says quietly when the person may not read dead letters', async () => {
    const api = new FakeDeadLetterApi();
    api.getCounts = async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'You may not read dead letters',
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
    };
    renderCard(api);
    expect(
      await screen.findByText('You do not have access to dead letters.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows errors from the API', async () => {
    renderCard(
      new FakeDeadLetterApi({
        error: new Error('You may not read dead letters'),
      }),
    );
    expect(
      await screen.findByText('You may not read dead letters'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Could not load dead letter counts'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
