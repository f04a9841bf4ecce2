import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  makeAuditEntry,
  makeMessage,
  makeReplayJob,
} from '../../testing/FakeDeadLetterApi';
import { DeadLetterPage } from './DeadLetterPage';

describe('DeadLetterPage', () => {
  it('switches between the messages and the audit log', async () => {
    const api = new FakeDeadLetterApi({
      messages: [makeMessage({ id: 'm1', environment: 'dev' })],
      audit: [makeAuditEntry({ id: 'e1', details: 'first entry' })],
    });
    renderInTestApp(<DeadLetterPage />, {
      apis: [[deadLetterApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByTestId('message-row-m1')).toBeInTheDocument();
    expect(api.auditRequests).toEqual([]);

    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    expect(await screen.findByTestId('audit-row-e1')).toBeInTheDocument();
    expect(screen.getByText('first entry')).toBeInTheDocument();
    expect(screen.queryByTestId('message-row-m1')).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: 'Messages' }));
    expect(await screen.findByTestId('message-row-m1')).toBeInTheDocument();
  });

  it('shows the replays of the environment picked, and one replay on its page', async () => {
    const api = new FakeDeadLetterApi({
      messages: [makeMessage({ id: 'm1', environment: 'prod' })],
      replayJobs: [
        makeReplayJob({
          id: 'j1',
          environment: 'prod',
          state: 'completed',
          total: 1,
          sent: 1,
          failed: 1,
        }),
        makeReplayJob({ id: 'j-dev', environment: 'dev', state: 'completed' }),
      ],
    });
    api.replayItems.j1 = [
      { messageId: 'm1', status: 'failed', error: 'replay cap reached' },
    ];
    renderInTestApp(<DeadLetterPage />, {
      apis: [[deadLetterApiRef, api]],
      initialRouteEntries: ['/?environment=prod'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByTestId('message-row-m1')).toBeInTheDocument();

    // The environment goes along to the Replays tab.
    fireEvent.click(screen.getByRole('tab', { name: 'Replays' }));
    const row = await screen.findByTestId('replay-row-j1');
    expect(screen.queryByTestId('replay-row-j-dev')).toBeNull();
    expect(api.listReplaysRequests[0]).toEqual({
      environment: 'prod',
      limit: 50,
    });

    fireEvent.click(within(row).getByRole('link', { name: 'Details' }));
    const item = await screen.findByTestId('replay-item-m1');
    expect(within(item).getByText('replay cap reached')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Replays' })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    // From the job to the message it failed to replay.
    fireEvent.click(within(item).getByRole('link', { name: 'm1' }));
    expect(
      await screen.findByRole('table', { name: 'Message summary' }),
    ).toBeInTheDocument();
  });
});
