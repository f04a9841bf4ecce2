import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { humioApiRef } from '../../api';
import {
  backendError,
  FakeHumioApi,
  makeEvent,
  okResponse,
} from '../../testing/FakeHumioApi';
import { EntityLogsContent } from './EntityLogsContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'squad-aura' },
};

function renderTab(api: FakeHumioApi) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityLogsContent />
    </EntityProvider>,
    { apis: [[humioApiRef, api]] },
  );
}

describe('EntityLogsContent', () => {
  it('shows the counts, the events and the link to Humio', async () => {
    const api = new FakeHumioApi(
      okResponse({
        counts: { total: 61, errors: 3 },
        events: [
          makeEvent({
            id: 'a',
            timestamp: '2024-05-01T12:00:03.123Z',
            level: 'ERROR',
            message: 'Request to postgres failed: timeout after 5000ms',
            fields: { service: 'payments-api', traceId: 'abc' },
          }),
          makeEvent({
            id: 'b',
            level: 'WARN',
            message: 'Slow query on orders',
          }),
          makeEvent({ id: 'c', level: 'INFO', message: 'Health check passed' }),
        ],
      }),
    );
    await renderTab(api);

    expect(
      await screen.findByText(
        'Request to postgres failed: timeout after 5000ms',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('logs-summary')).toHaveTextContent(
      '61 events · 3 errors in the last hour (newest 3 shown)',
    );
    expect(api.requests).toEqual([
      {
        namespace: 'default',
        kind: 'Component',
        name: 'payments-api',
        range: '1h',
      },
    ]);

    const table = screen.getByRole('table', { name: 'Log events' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('ERROR')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('service=payments-api traceId=abc');
    const time = rows[0].querySelector('time')!;
    expect(time).toHaveAttribute('dateTime', '2024-05-01T12:00:03.123Z');
    expect(time.textContent).toMatch(/^2024-05-0[12] \d\d:\d\d:03\.123$/);
    const levels = screen.getAllByTestId('log-level');
    expect(levels.map(l => l.textContent)).toEqual(['ERROR', 'WARN', 'INFO']);
    // Colour by level: three different classes.
    expect(new Set(levels.map(l => l.className)).size).toBe(3);

    const link = screen.getByRole('link', { name: /Open in Humio/ });
    expect(link).toHaveAttribute(
      'href',
      'https://humio.example.com/meridian-prod/search?query=service+%3D+%22payments-api%22&start=1h&live=false',
    );
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('asks again with the new range, and on refresh', async () => {
    const api = new FakeHumioApi(request =>
      okResponse({
        range: request.range,
        counts: { total: request.range === '7d' ? 9000 : 60, errors: 1 },
        events: [makeEvent()],
      }),
    );
    await renderTab(api);
    await waitFor(() =>
      expect(screen.getByTestId('logs-summary')).toHaveTextContent(
        '60 events · 1 error in the last hour',
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() =>
      expect(screen.getByTestId('logs-summary')).toHaveTextContent(
        '9,000 events · 1 error in the last 7 days',
      ),
    );
    expect(api.requests.map(r => r.range)).toEqual(['1h', '7d']);
    expect(screen.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(api.requests.map(r => r.range)).toEqual(['1h', '7d', '7d']),
    );
  });

  it('renders log lines holding markup as text', async () => {
    const api = new FakeHumioApi(
      okResponse({
        counts: { total: 1, errors: 1 },
        events: [
          makeEvent({
            level: '<b>ERROR</b>',
            message: 'bad input <img src=x onerror=alert(1)>',
            fields: { user: '<script>alert(2)</script>' },
          }),
        ],
      }),
    );
    const { container } = await renderTab(api);
    const message = await screen.findByTestId('log-message');
    expect(message.textContent).toBe('bad input <img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByText('<b>ERROR</b>')).toBeInTheDocument();
  });

  it('says when the range has no events', async () => {
    const api = new FakeHumioApi(okResponse({ range: '1h' }));
    await renderTab(api);
    expect(
      await screen.findByText('No log events in the last hour.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(
      screen.getByRole('link', { name: /Open in Humio/ }),
    ).toBeInTheDocument();
  });

  it('says when Humio is not connected, and retries', async () => {
    const api = new FakeHumioApi(
      backendError(
        503,
        'ServiceUnavailableError',
        'Humio is not connected: Humio answered HTTP 503',
      ),
    );
    await renderTab(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Humio not connected');
    expect(alert).toHaveTextContent(
      'Humio is not connected: Humio answered HTTP 503',
    );

    api.answer = okResponse({
      counts: { total: 2, errors: 0 },
      events: [makeEvent({ message: 'back again' })],
    });
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('back again')).toBeInTheDocument();
    expect(screen.queryByText('Humio not connected')).toBeNull();
  });

  it('says when Humio is not configured', async () => {
    const api = new FakeHumioApi({
      status: 'not-configured',
      message: 'Humio is not configured: humio.baseUrl is not set.',
    });
    await renderTab(api);
    expect(await screen.findByText('Humio not configured')).toBeInTheDocument();
    expect(
      screen.getByText('Humio is not configured: humio.baseUrl is not set.'),
    ).toBeInTheDocument();
  });

  it("says when Humio refuses the component's query", async () => {
    const api = new FakeHumioApi({
      status: 'invalid-query',
      repository: 'meridian-prod',
      query: 'service = "x" | eval(y := 1)',
      message: 'Humio refused the query: eval is not supported',
    });
    await renderTab(api);
    expect(
      await screen.findByText("Humio cannot search this component's logs"),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Humio refused the query: eval is not supported'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('service = "x" | eval(y := 1)'),
    ).toBeInTheDocument();
  });

  it('says when the permission is denied', async () => {
    const api = new FakeHumioApi(
      backendError(403, 'NotAllowedError', 'You may not read the logs'),
    );
    await renderTab(api);
    expect(
      await screen.findByText(
        "You do not have permission to read this component's logs.",
      ),
    ).toBeInTheDocument();
  });

  it('shows other failures with Retry', async () => {
    const api = new FakeHumioApi(backendError(500, 'Error', 'Something broke'));
    await renderTab(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load logs');
    expect(alert).toHaveTextContent('Something broke');
  });
});
