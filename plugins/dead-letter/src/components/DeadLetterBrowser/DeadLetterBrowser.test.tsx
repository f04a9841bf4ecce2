import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { deadLetterApiRef, FailureGroup } from '../../api';
import {
  FakeDeadLetterApi,
  makeGroup,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { rootRouteRef } from '../../routes';
import { DeadLetterBrowser } from './DeadLetterBrowser';

function LocationProbe() {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
}

function currentUrl() {
  const url = new URL(
    screen.getByTestId('location').textContent!,
    'http://localhost',
  );
  return url;
}

const group: FailureGroup = makeGroup({ count: 2 });

function makeApi() {
  return new FakeDeadLetterApi({
    messages: [
      makeMessage({ id: 'p1', environment: 'prod' }),
      makeMessage({
        id: 'p2',
        environment: 'prod',
        sourceQueue: 'orders.incoming',
        reason: 'expired',
        groupFingerprint: 'fp-orders-expired',
        ownerRef: undefined,
        componentRef: undefined,
        capturedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
      }),
      makeMessage({ id: 'd1', environment: 'dev', sourceQueue: 'dev.queue' }),
    ],
    groups: [
      group,
      {
        ...group,
        fingerprint: 'fp-orders-expired',
        sourceQueue: 'orders.incoming',
        reason: 'expired',
        ownerRef: undefined,
        componentRef: undefined,
        count: 1,
      },
    ],
    counts: [
      {
        environment: 'prod',
        ownerRef: 'group:default/squad-aura',
        state: 'unresolved',
        count: 7,
      },
      { environment: 'prod', state: 'unresolved', count: 2 },
      {
        environment: 'dev',
        ownerRef: 'group:default/squad-aura',
        state: 'unresolved',
        count: 1,
      },
    ],
  });
}

function renderBrowser(
  api: FakeDeadLetterApi,
  url: string,
  component?: string,
) {
  return renderInTestApp(
    <>
      <DeadLetterBrowser component={component} showCounts showCaptureStatus />
      <LocationProbe />
    </>,
    {
      apis: [[deadLetterApiRef, api]],
      initialRouteEntries: [url],
      mountedRoutes: {
        '/dead-letter': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

// The first test pays for loading MUI and the whole browser (with its replay
// and discard actions), which can exceed the default 5 s on a busy machine.
jest.setTimeout(20_000);

describe('DeadLetterBrowser', () => {
  it('opens "Handle now" links with their environment, owner and state', async () => {
    const api = makeApi();
    renderBrowser(
      api,
      '/dead-letter?environment=prod&owner=group:default/squad-aura&state=unresolved',
    );
    expect(await screen.findByTestId('message-row-p1')).toBeInTheDocument();
    expect(screen.queryByTestId('message-row-p2')).toBeNull();
    expect(api.listRequests[0]).toEqual({
      environment: 'prod',
      states: ['unresolved'],
      owners: ['group:default/squad-aura'],
      limit: 50,
    });
    // The owner filter shows the owner.
    expect(
      screen.getAllByText('group:default/squad-aura').length,
    ).toBeGreaterThan(0);
    // The prod tab counts that owner's unresolved messages only.
    expect(screen.getByLabelText('7 unresolved')).toBeInTheDocument();
    expect(api.groupRequests[0]).toEqual({
      environment: 'prod',
      owners: ['group:default/squad-aura'],
      states: ['unresolved'],
    });
  });

  it('starts on the first environment', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter');
    expect(await screen.findByTestId('message-row-d1')).toBeInTheDocument();
    expect(api.listRequests[api.listRequests.length - 1]).toEqual({
      environment: 'dev',
      states: ['unresolved'],
      limit: 50,
    });
    expect(screen.getByRole('tab', { selected: true })).toHaveTextContent(
      'dev',
    );
    // Without an owner filter, counts are per environment.
    expect(screen.getByLabelText('9 unresolved')).toBeInTheDocument();
    expect(screen.getByLabelText('1 unresolved')).toBeInTheDocument();
  });

  it('puts filter changes in the URL and the API query', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=dev');
    await screen.findByTestId('message-row-d1');

    fireEvent.click(screen.getByRole('tab', { name: /prod/ }));
    await screen.findByTestId('message-row-p2');
    expect(currentUrl().searchParams.get('environment')).toBe('prod');

    const search = screen.getByLabelText('Search body, headers and message id');
    fireEvent.change(search, { target: { value: 'o-1' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(currentUrl().searchParams.get('q')).toBe('o-1'));
    await waitFor(() =>
      expect(api.listRequests[api.listRequests.length - 1]).toMatchObject({
        environment: 'prod',
        q: 'o-1',
      }),
    );

    const queue = screen.getByLabelText('Source queue');
    fireEvent.change(queue, { target: { value: 'orders.incoming' } });
    fireEvent.keyDown(queue, { key: 'Enter' });
    await waitFor(() =>
      expect(currentUrl().searchParams.get('queue')).toBe('orders.incoming'),
    );
    await waitFor(() =>
      expect(api.listRequests[api.listRequests.length - 1]).toMatchObject({
        queue: 'orders.incoming',
        q: 'o-1',
      }),
    );

    fireEvent.click(screen.getByLabelText(/Unowned only/));
    await waitFor(() =>
      expect(currentUrl().searchParams.get('unowned')).toBe('true'),
    );
    expect(api.listRequests[api.listRequests.length - 1]).toMatchObject({
      unowned: true,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentUrl().search).toBe('?environment=prod'));
  });

  it('takes a squad name as owner and puts the full ref in the URL', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId('message-row-p1');
    const owner = screen.getByLabelText('Owner (squad)');
    fireEvent.change(owner, { target: { value: 'squad-aura' } });
    fireEvent.keyDown(owner, { key: 'Enter' });
    await waitFor(() =>
      expect(currentUrl().searchParams.getAll('owner')).toEqual([
        'group:default/squad-aura',
      ]),
    );
    await waitFor(() =>
      expect(api.listRequests[api.listRequests.length - 1]).toMatchObject({
        owners: ['group:default/squad-aura'],
      }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('message-row-p2')).toBeNull(),
    );
  });

  it('refreshes the list, groups and counts', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId('message-row-p1');
    api.messages.push(makeMessage({ id: 'new', environment: 'prod' }));
    const lists = api.listRequests.length;
    const groupCalls = api.groupRequests.length;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByTestId('message-row-new')).toBeInTheDocument();
    expect(api.listRequests.length).toBe(lists + 1);
    expect(api.groupRequests.length).toBe(groupCalls + 1);
  });

  it('lists any state with state=all, and several states', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod&state=all');
    await screen.findByTestId('message-row-p1');
    expect(api.listRequests[0].states).toBeUndefined();
    expect(api.listRequests[0]).not.toHaveProperty('states', ['unresolved']);

    fireEvent.mouseDown(screen.getByRole('button', { name: /State/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'replayed' }));
    await waitFor(() =>
      expect(currentUrl().searchParams.getAll('state')).toEqual(['replayed']),
    );
    await waitFor(() =>
      expect(api.listRequests[api.listRequests.length - 1].states).toEqual([
        'replayed',
      ]),
    );
  });

  it('filters the list to a failure group when the group is clicked', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    const groups = await screen.findByRole('table', { name: 'Failure groups' });
    const row = within(groups).getByText('orders.incoming').closest('tr')!;
    expect(within(row).getByText('unowned')).toBeInTheDocument();
    fireEvent.click(within(row).getByText('expired'));

    await waitFor(() =>
      expect(currentUrl().searchParams.get('group')).toBe('fp-orders-expired'),
    );
    await waitFor(() =>
      expect(api.listRequests[api.listRequests.length - 1]).toMatchObject({
        group: 'fp-orders-expired',
      }),
    );
    expect(
      await screen.findByText('Failure group: orders.incoming · expired'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByTestId('message-row-p1')).toBeNull(),
    );
    expect(screen.getByTestId('message-row-p2')).toBeInTheDocument();
  });

  it('opens a message in the drawer, with the message in the URL', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    fireEvent.click(
      within(await screen.findByTestId('message-row-p2')).getByText('expired'),
    );
    await waitFor(() =>
      expect(currentUrl().searchParams.get('message')).toBe('p2'),
    );
    const drawer = await screen.findByRole('presentation');
    expect(
      await within(drawer).findByRole('table', { name: 'Message summary' }),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('link', { name: /Open as page/ }),
    ).toHaveAttribute('href', '/dead-letter/messages/p2');

    fireEvent.click(
      within(drawer).getByRole('button', { name: 'Close message' }),
    );
    await waitFor(() =>
      expect(currentUrl().searchParams.get('message')).toBeNull(),
    );
  });

  it('loads the next page with the cursor', async () => {
    const api = makeApi();
    api.messages = Array.from({ length: 60 }, (_, i) =>
      makeMessage({
        id: `m${String(i).padStart(2, '0')}`,
        capturedAt: new Date(Date.UTC(2024, 4, 1, 0, 60 - i)).toISOString(),
      }),
    );
    renderBrowser(api, '/dead-letter?environment=prod');
    expect(await screen.findByText('(50 of 60)')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByTestId('message-row-m59')).toBeInTheDocument();
    expect(api.listRequests[api.listRequests.length - 1]).toMatchObject({
      cursor: '50',
    });
    expect(screen.getAllByTestId(/^message-row-/)).toHaveLength(60);
    expect(
      screen.getByText('All 60 matching messages are shown.'),
    ).toBeInTheDocument();
  });

  it('shows a clear "not connected" state and the capture status', async () => {
    const api = makeApi();
    api.environments = [
      {
        name: 'prod',
        connection: {
          environment: 'prod',
          state: 'disconnected',
          since: '2024-05-01T08:00:00.000Z',
          lastError: 'ECONNREFUSED 10.0.0.5:5671',
        },
        queues: [
          {
            environment: 'prod',
            queue: 'payments.dlq',
            active: false,
            captured: 12,
            lastError: 'Channel closed',
          },
        ],
      },
    ];
    renderBrowser(api, '/dead-letter?environment=prod');
    expect(
      await screen.findByText('Not connected to RabbitMQ in prod'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Last error: ECONNREFUSED 10.0.0.5:5671'),
    ).toBeInTheDocument();
    const capture = screen.getByRole('table', {
      name: 'Capture status in prod',
    });
    expect(within(capture).getByText('payments.dlq')).toBeInTheDocument();
    expect(within(capture).getByText('not capturing')).toBeInTheDocument();
    expect(within(capture).getByText('Channel closed')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Broker not connected (disconnected)'),
    ).toBeInTheDocument();
  });

  it('shows errors from the API, naming the bad parameter', async () => {
    const api = makeApi();
    api.listMessages = async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'Invalid request: from: must be an ISO 8601 date-time',
            },
            request: { method: 'GET', url: '/api/dead-letter/messages' },
            response: { statusCode: 400 },
          }),
          {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'content-type': 'application/json' },
          },
        ),
      );
    };
    renderBrowser(api, '/dead-letter?environment=prod&from=yesterday');
    expect(
      await screen.findByText(
        'Invalid request: from: must be an ISO 8601 date-time',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Could not load the messages')).toBeInTheDocument();
    expect(screen.getByText('(400 InputError)')).toBeInTheDocument();
  });

  it('shows when the environments cannot be loaded, and still lists messages', async () => {
    const api = makeApi();
    api.getEnvironments = async () => {
      throw new Error('You may not read dead letters');
    };
    renderBrowser(api, '/dead-letter');
    expect(
      await screen.findByText('Could not load the environments'),
    ).toBeInTheDocument();
    // All environments, with an environment column.
    expect(await screen.findByTestId('message-row-d1')).toBeInTheDocument();
    expect(screen.getByTestId('message-row-p1')).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Environment' }),
    ).toBeInTheDocument();
  });

  it('shows a calm empty state when nothing is unresolved', async () => {
    const api = makeApi();
    api.messages = [];
    renderBrowser(api, '/dead-letter?environment=prod');
    expect(
      await screen.findByText('No unresolved dead letters in prod.'),
    ).toBeInTheDocument();
  });

  it('lists only the given component, without a component filter', async () => {
    const api = makeApi();
    renderBrowser(
      api,
      '/dead-letter?environment=prod',
      'component:default/payments-api',
    );
    expect(await screen.findByTestId('message-row-p1')).toBeInTheDocument();
    expect(screen.queryByTestId('message-row-p2')).toBeNull();
    expect(api.listRequests[0]).toMatchObject({
      component: 'component:default/payments-api',
    });
    expect(screen.queryByLabelText('Component')).toBeNull();
  });
});
