import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  backendError,
  makeAuditEntry,
} from '../../testing/FakeDeadLetterApi';
import { AuditLog } from './AuditLog';

function renderLog(api: FakeDeadLetterApi) {
  return renderInTestApp(<AuditLog />, {
    apis: [[deadLetterApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('AuditLog', () => {
  it('renders the entries, with user links and outcomes', async () => {
    const api = new FakeDeadLetterApi({
      audit: [
        makeAuditEntry({
          id: 'e1',
          actor: 'user:default/jane.doe',
          action: 'discard',
          environment: 'prod',
          requested: 3,
          affected: 2,
          outcome: 'succeeded',
          details: '1 not unresolved, left as they were',
        }),
        makeAuditEntry({
          id: 'e2',
          actor: 'user:default/john.smith',
          action: 'restore',
          environment: undefined,
          requested: 2,
          affected: 0,
          outcome: 'denied',
          details: '<img src=x onerror=alert(1)>',
        }),
      ],
    });
    renderLog(api);
    const first = within(await screen.findByTestId('audit-row-e1'));
    expect(first.getByRole('link', { name: /jane\.doe/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/jane.doe',
    );
    expect(first.getByText('discard')).toBeInTheDocument();
    expect(first.getByText('prod')).toBeInTheDocument();
    expect(first.getByText('3')).toBeInTheDocument();
    expect(first.getByText('2')).toBeInTheDocument();
    expect(first.getByText('succeeded')).toBeInTheDocument();
    expect(
      first.getByText('1 not unresolved, left as they were'),
    ).toBeInTheDocument();

    const second = within(screen.getByTestId('audit-row-e2'));
    expect(second.getByText('restore')).toBeInTheDocument();
    expect(second.getByText('denied')).toBeInTheDocument();
    expect(second.getByText('—')).toBeInTheDocument();
    // User-supplied text is text, not markup.
    expect(
      second.getByText('<img src=x onerror=alert(1)>'),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();

    expect(api.auditRequests).toEqual([{ limit: 50 }]);
    expect(screen.getByText('All 2 entries are shown.')).toBeInTheDocument();
  });

  it('loads more entries with the cursor', async () => {
    const api = new FakeDeadLetterApi({
      audit: Array.from({ length: 60 }, (_, i) =>
        makeAuditEntry({ id: `e${i}` }),
      ),
    });
    renderLog(api);
    expect(await screen.findByTestId('audit-row-e49')).toBeInTheDocument();
    expect(screen.queryByTestId('audit-row-e50')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByTestId('audit-row-e59')).toBeInTheDocument();
    expect(api.auditRequests[1]).toEqual({ limit: 50, cursor: '50' });
    expect(screen.getAllByTestId(/^audit-row-/)).toHaveLength(60);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.getByText('All 60 entries are shown.')).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const api = new FakeDeadLetterApi();
    api.listAudit = async () => {
      throw await backendError(
        403,
        'NotAllowedError',
        'You may not read dead letters',
      );
    };
    renderLog(api);
    expect(
      await screen.findByText('You may not read dead letters'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Could not load the audit log'),
    ).toBeInTheDocument();
  });

  it('says when there are no entries', async () => {
    renderLog(new FakeDeadLetterApi());
    expect(
      await screen.findByText(
        'Nobody has discarded, restored or replayed dead letters yet.',
      ),
    ).toBeInTheDocument();
  });

  it('names the retention task and cancelled replays plainly', async () => {
    const api = new FakeDeadLetterApi({
      audit: [
        makeAuditEntry({
          id: 'p1',
          actor: 'system:dead-letter-retention',
          action: 'purge',
          requested: 120,
          affected: 120,
          outcome: 'succeeded',
        }),
        makeAuditEntry({
          id: 'c1',
          actor: 'user:default/jane.doe',
          action: 'cancel-replay',
          outcome: 'succeeded',
        }),
      ],
    });
    await renderLog(api);
    const purge = await screen.findByTestId('audit-row-p1');
    expect(within(purge).getByText('Retention task')).toBeInTheDocument();
    expect(within(purge).getByText('purge (retention)')).toBeInTheDocument();
    expect(within(purge).queryByRole('link')).not.toBeInTheDocument();
    const cancel = screen.getByTestId('audit-row-c1');
    expect(within(cancel).getByText('cancel replay')).toBeInTheDocument();
  });
});
