import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  makeReplayJob,
} from '../../testing/FakeDeadLetterApi';
import { ReplayJobDetail } from './ReplayJobDetail';

function renderDetail(api: FakeDeadLetterApi, id: string) {
  return renderInTestApp(
    <ReplayJobDetail
      id={id}
      messageHref={message => `/dead-letter/messages/${message}`}
      replaysHref={environment =>
        `/dead-letter/replays?environment=${environment}`
      }
    />,
    {
      apis: [[deadLetterApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

jest.setTimeout(20_000);

describe('ReplayJobDetail', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lists the failed messages first, with their errors and links', async () => {
    const api = new FakeDeadLetterApi({
      replayJobs: [
        makeReplayJob({
          id: 'j1',
          state: 'completed',
          total: 3,
          sent: 3,
          confirmed: 2,
          failed: 1,
          filter: { environment: 'prod', group: 'fp-payments-rejected' },
          target: { kind: 'source' },
          ratePerSecond: 10,
          finishedAt: '2024-05-01T10:01:00.000Z',
        }),
      ],
    });
    api.replayItems.j1 = [
      { messageId: 'm1', status: 'confirmed' },
      { messageId: 'm2', status: 'confirmed' },
      {
        messageId: 'm3',
        status: 'failed',
        error: 'unroutable: no queue bound for payment.created',
      },
    ];
    renderDetail(api, 'j1');
    const items = await screen.findByRole('table', {
      name: 'Replayed messages',
    });
    const rows = within(items).getAllByTestId(/^replay-item-/);
    expect(rows.map(row => row.dataset.testid)).toEqual([
      'replay-item-m3',
      'replay-item-m1',
      'replay-item-m2',
    ]);
    expect(within(rows[0]).getByText('failed')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(
        'unroutable: no queue bound for payment.created',
      ),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByRole('link', { name: 'm3' })).toHaveAttribute(
      'href',
      '/dead-letter/messages/m3',
    );

    const summary = screen.getByRole('table', { name: 'Replay summary' });
    expect(summary).toHaveTextContent(
      'Every unresolved message matching the filters below (3 messages when the job started)',
    );
    expect(summary).toHaveTextContent('Failure groupfp-payments-rejected');
    expect(summary).toHaveTextContent('TargetThe queue each message died in');
    expect(summary).toHaveTextContent('Rate10/s');
    expect(summary).toHaveTextContent('3 sent, 2 confirmed, 1 failed of 3');
    expect(
      screen.getByRole('progressbar', { name: 'Replay progress' }),
    ).toHaveAttribute('aria-valuenow', '67');
    expect(
      screen.getByRole('link', { name: /All replays in prod/ }),
    ).toHaveAttribute('href', '/dead-letter/replays?environment=prod');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Only failed' }));
    expect(within(items).getAllByTestId(/^replay-item-/)).toHaveLength(1);
  });

  it('says when only part of the items is listed', async () => {
    const api = new FakeDeadLetterApi({
      replayJobs: [
        makeReplayJob({
          id: 'big',
          state: 'completed',
          total: 600,
          confirmed: 600,
        }),
      ],
    });
    api.replayItems.big = Array.from({ length: 600 }, (_, i) => ({
      messageId: `m${i}`,
      status: 'confirmed' as const,
    }));
    renderDetail(api, 'big');
    expect(
      await screen.findByText('The first 500 of 600, failed ones first.'),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId(/^replay-item-/)).toHaveLength(500);
  });

  it('follows a running job until it ends, and cancels it', async () => {
    jest.useFakeTimers();
    const api = new FakeDeadLetterApi({
      replayJobs: [makeReplayJob({ id: 'j1', state: 'running', total: 4 })],
    });
    renderDetail(api, 'j1');
    await screen.findByRole('table', { name: 'Replay summary' });
    expect(api.getReplayRequests).toEqual(['j1']);

    api.replayJobs[0] = { ...api.replayJobs[0], sent: 2, confirmed: 2 };
    await act(async () => {
      await jest.advanceTimersByTimeAsync(2000);
    });
    expect(api.getReplayRequests).toHaveLength(2);
    expect(
      screen.getByRole('progressbar', { name: 'Replay progress' }),
    ).toHaveAttribute('aria-valuenow', '50');

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel replay' }),
    );
    await waitFor(() => expect(api.cancelRequests).toEqual(['j1']));
    expect(await screen.findByText('cancelled')).toBeInTheDocument();
    const reads = api.getReplayRequests.length;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(20_000);
    });
    // Cancelled: nothing left to follow.
    expect(api.getReplayRequests).toHaveLength(reads);
  });

  it('shows when the job does not exist', async () => {
    renderDetail(new FakeDeadLetterApi(), 'nope');
    expect(
      await screen.findByText('No replay job with id nope'),
    ).toBeInTheDocument();
    expect(screen.getByText('(404 NotFoundError)')).toBeInTheDocument();
  });
});
