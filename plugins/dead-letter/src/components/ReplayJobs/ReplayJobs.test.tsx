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
  backendError,
  makeReplayJob,
} from '../../testing/FakeDeadLetterApi';
import { ReplayJobs } from './ReplayJobs';

function renderJobs(api: FakeDeadLetterApi, url = '/replays?environment=prod') {
  return renderInTestApp(
    <ReplayJobs replayHref={id => `/dead-letter/replays/${id}`} />,
    {
      apis: [[deadLetterApiRef, api]],
      initialRouteEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** Lets the 2 s poll timer fire and its answer render. */
async function tick(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

const progressOf = (row: HTMLElement) =>
  within(row).getByRole('progressbar', { name: 'Replay progress' });

jest.setTimeout(20_000);

describe('ReplayJobs', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows each job with its progress, counts, target and selection', async () => {
    const api = new FakeDeadLetterApi({
      replayJobs: [
        makeReplayJob({
          id: 'j2',
          state: 'completed',
          total: 20,
          sent: 20,
          confirmed: 17,
          failed: 3,
          target: { kind: 'queue', queue: 'payments.parking' },
          filter: {
            environment: 'prod',
            queue: 'payments.incoming',
            reason: 'rejected',
          },
          ratePerSecond: 250,
          createdBy: 'user:default/john.smith',
          finishedAt: '2024-05-01T10:05:00.000Z',
        }),
        makeReplayJob({
          id: 'j1',
          state: 'failed',
          total: 4,
          sent: 0,
          confirmed: 0,
          failed: 0,
          reason: '<b>broker unreachable</b>',
        }),
        makeReplayJob({ id: 'dev-job', environment: 'dev' }),
      ],
    });
    renderJobs(api);
    const done = await screen.findByTestId('replay-row-j2');
    expect(api.listReplaysRequests).toEqual([
      { environment: 'prod', limit: 50 },
    ]);
    expect(screen.queryByTestId('replay-row-dev-job')).toBeNull();

    expect(within(done).getByText('completed')).toBeInTheDocument();
    expect(progressOf(done)).toHaveAttribute('aria-valuenow', '85');
    expect(progressOf(done)).toHaveAttribute(
      'aria-valuetext',
      '17 of 20 confirmed, 3 failed',
    );
    expect(done).toHaveTextContent('17 / 20 confirmed · 3 failed');
    expect(within(done).getByText('3 failed')).toBeInTheDocument();
    expect(done).toHaveTextContent('Queue payments.parking');
    expect(
      within(done).getByText(
        'Source queue: payments.incoming · Reason: rejected',
      ),
    ).toBeInTheDocument();
    expect(within(done).getByText('250/s')).toBeInTheDocument();
    expect(
      within(done).getByRole('link', { name: /john\.smith/ }),
    ).toHaveAttribute('href', '/catalog/default/user/john.smith');
    expect(within(done).getByRole('link', { name: 'Details' })).toHaveAttribute(
      'href',
      '/dead-letter/replays/j2',
    );
    // Ended jobs cannot be cancelled.
    expect(within(done).queryByRole('button', { name: 'Cancel' })).toBeNull();

    const failed = screen.getByTestId('replay-row-j1');
    expect(within(failed).getByText('failed')).toBeInTheDocument();
    expect(within(failed).getByText('4 selected messages')).toBeInTheDocument();
    expect(
      within(failed).getByText('Original exchange and routing keys'),
    ).toBeInTheDocument();
    expect(within(failed).getByText('no limit')).toBeInTheDocument();
    // Text from the backend is text.
    expect(
      within(failed).getByText('<b>broker unreachable</b>'),
    ).toBeInTheDocument();
    expect(failed.querySelector('b')).toBeNull();
  });

  it('polls every 2 s while a job runs and stops when none does', async () => {
    jest.useFakeTimers();
    const api = new FakeDeadLetterApi({
      replayJobs: [
        makeReplayJob({ id: 'j1', state: 'running', total: 10, sent: 2 }),
        makeReplayJob({ id: 'j0', state: 'completed', total: 1, confirmed: 1 }),
      ],
    });
    renderJobs(api);
    const row = await screen.findByTestId('replay-row-j1');
    const initial = api.listReplaysRequests.length;
    expect(
      screen.getByText('1 running — updating every 2 s'),
    ).toBeInTheDocument();
    expect(progressOf(row)).toHaveAttribute('aria-valuenow', '0');

    api.replayJobs[0] = { ...api.replayJobs[0], sent: 8, confirmed: 6 };
    await tick(2000);
    expect(api.listReplaysRequests.length).toBe(initial + 1);
    expect(progressOf(screen.getByTestId('replay-row-j1'))).toHaveAttribute(
      'aria-valuenow',
      '60',
    );

    api.replayJobs[0] = {
      ...api.replayJobs[0],
      state: 'completed',
      sent: 10,
      confirmed: 9,
      failed: 1,
    };
    await tick(2000);
    expect(api.listReplaysRequests.length).toBe(initial + 2);
    const ended = screen.getByTestId('replay-row-j1');
    expect(within(ended).getByText('completed')).toBeInTheDocument();
    expect(progressOf(ended)).toHaveAttribute('aria-valuenow', '90');
    expect(
      screen.getByText('The latest 50 replays in prod, newest first'),
    ).toBeInTheDocument();

    // Nothing runs any more: no further requests, however long one waits.
    await tick(30_000);
    expect(api.listReplaysRequests.length).toBe(initial + 2);
  });

  it('cancels a running job after confirmation', async () => {
    const api = new FakeDeadLetterApi({
      replayJobs: [
        makeReplayJob({ id: 'j1', state: 'running', total: 10, sent: 4 }),
      ],
    });
    renderJobs(api);
    const row = await screen.findByTestId('replay-row-j1');
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Cancel this replay?',
    });
    expect(dialog).toHaveTextContent(
      'The 6 messages not published yet go back to unresolved and can be replayed again. Messages already published stay published.',
    );
    // Nothing is sent before confirming.
    expect(api.cancelRequests).toEqual([]);
    const lists = api.listReplaysRequests.length;
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel replay' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.cancelRequests).toEqual(['j1']);
    // The list was read again and shows the job cancelled.
    const cancelled = await screen.findByText('cancelled');
    expect(api.listReplaysRequests.length).toBeGreaterThan(lists);
    const updated = screen.getByTestId('replay-row-j1');
    expect(updated).toContainElement(cancelled);
    expect(
      within(updated).getByText('Cancelled by user:default/jane.doe'),
    ).toBeInTheDocument();
    expect(
      within(updated).queryByRole('button', { name: 'Cancel' }),
    ).toBeNull();
  });

  it('keeps a job running when the confirmation is declined', async () => {
    const api = new FakeDeadLetterApi({
      replayJobs: [makeReplayJob({ id: 'j1', state: 'pending' })],
    });
    renderJobs(api);
    const row = await screen.findByTestId('replay-row-j1');
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Keep running' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.cancelRequests).toEqual([]);
  });

  it("shows the backend's refusal to cancel in the dialog", async () => {
    const api = new FakeDeadLetterApi({
      replayJobs: [makeReplayJob({ id: 'j1', state: 'running' })],
    });
    api.cancelError = await backendError(
      409,
      'ConflictError',
      'Replay job j1 has already ended',
    );
    renderJobs(api);
    const row = await screen.findByTestId('replay-row-j1');
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel replay',
      }),
    );
    const dialog = screen.getByRole('dialog');
    expect(
      await within(dialog).findByText('Replay job j1 has already ended'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('(409 ConflictError)')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('switches environments through the URL and says when there are no jobs', async () => {
    const api = new FakeDeadLetterApi({
      replayJobs: [makeReplayJob({ id: 'p1', environment: 'prod' })],
    });
    renderJobs(api, '/replays');
    // Without an environment in the URL, the first one (dev) is shown.
    expect(
      await screen.findByText(
        'Nothing has been replayed in dev yet. Select unresolved messages on the Messages tab and choose Replay.',
      ),
    ).toBeInTheDocument();
    expect(api.listReplaysRequests[0]).toEqual({
      environment: 'dev',
      limit: 50,
    });
    fireEvent.click(screen.getByRole('tab', { name: /prod/ }));
    expect(await screen.findByTestId('replay-row-p1')).toBeInTheDocument();
    expect(api.listReplaysRequests[api.listReplaysRequests.length - 1]).toEqual(
      { environment: 'prod', limit: 50 },
    );
  });

  it("shows the backend's error when the jobs cannot be read", async () => {
    const api = new FakeDeadLetterApi();
    api.listReplays = async () => {
      throw await backendError(
        400,
        'InputError',
        "Invalid request: environment: unknown environment 'nope' (known: dev, prod)",
      );
    };
    renderJobs(api, '/replays?environment=nope');
    expect(
      await screen.findByText(
        "Invalid request: environment: unknown environment 'nope' (known: dev, prod)",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Could not load the replays')).toBeInTheDocument();
  });
});
