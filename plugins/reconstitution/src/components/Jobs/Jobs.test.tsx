import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { reconstitutionApiRef } from '../../api';
import {
  FakeReconstitutionApi,
  makeJob,
} from '../../testing/FakeReconstitutionApi';
import { Jobs } from './Jobs';

function Location() {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
}

function renderJobs(
  api: FakeReconstitutionApi,
  options: { url?: string; receiver?: string } = {},
) {
  return renderInTestApp(
    <>
      <Jobs
        receiver={options.receiver}
        jobHref={id => `/reconstitution/jobs/${id}`}
      />
      <Location />
    </>,
    {
      apis: [[reconstitutionApiRef, api], mockApis.permission()],
      initialRouteEntries: [options.url ?? '/reconstitution'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const row = (id: string) => screen.getByTestId(`job-row-${id}`);

jest.setTimeout(30_000);

describe('Jobs', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows state chips, receiver, producer and progress of each job', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({
          id: 'running',
          state: 'running',
          progress: {
            matched: 20000,
            sent: 12400,
            confirmed: 12345,
            ratePerSecond: 498.7,
            etaSeconds: 152,
          },
        }),
        makeJob({
          id: 'failed',
          state: 'failed',
          reason: 'Channel closed: NOT_FOUND - no queue',
          environment: 'prod',
          eventNames: ['A', 'B'],
          entityIdCount: 1234,
          progress: { matched: 300, sent: 100, confirmed: 100 },
        }),
        makeJob({
          id: 'done',
          state: 'completed',
          progress: { matched: 5, sent: 5, confirmed: 5 },
        }),
        makeJob({ id: 'waiting', state: 'pending' }),
        makeJob({ id: 'stopped', state: 'cancelled' }),
      ],
    });
    renderJobs(api);
    const running = await screen.findByTestId('job-row-running');
    expect(within(running).getByText('RUNNING')).toBeInTheDocument();
    expect(
      within(running).getByText(
        '12,345 / 20,000 · 499/s · ETA 2m 32s · 12,400 sent',
      ),
    ).toBeInTheDocument();
    expect(
      within(running).getByRole('progressbar', { name: 'Confirmed events' }),
    ).toHaveAttribute('aria-valuenow', '62');
    expect(
      within(running).getByText('organisation [organisation-party]'),
    ).toBeInTheDocument();
    expect(within(running).getByText('all events')).toBeInTheDocument();
    expect(
      within(running).getByText('payments-read-model.events'),
    ).toBeInTheDocument();
    expect(
      within(running).getByRole('link', { name: /payments-read-model/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-read-model');
    expect(
      within(running).getByRole('link', { name: '5 minutes ago' }),
    ).toHaveAttribute('href', '/reconstitution/jobs/running');

    const failed = row('failed');
    expect(within(failed).getByText('FAILED')).toBeInTheDocument();
    // The reason is on hover.
    expect(
      within(failed).getByTitle('Channel closed: NOT_FOUND - no queue'),
    ).toBeInTheDocument();
    expect(within(failed).getByText('100 / 300')).toBeInTheDocument();
    expect(within(failed).getByText('prod')).toBeInTheDocument();
    expect(
      within(failed).getByText('2 event names · 1,234 entity ids'),
    ).toBeInTheDocument();
    expect(within(row('done')).getByText('COMPLETED')).toBeInTheDocument();
    expect(within(row('waiting')).getByText('PENDING')).toBeInTheDocument();
    expect(within(row('stopped')).getByText('CANCELLED')).toBeInTheDocument();

    // A row opens its job.
    fireEvent.click(within(row('done')).getByText('COMPLETED'));
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/reconstitution/jobs/done',
    );
  });

  it('takes its filters from the URL and puts changes back into it', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({ id: 'j1', state: 'completed' }),
        makeJob({
          id: 'j2',
          state: 'completed',
          receiver: { entityRef: 'component:default/other', queue: 'q' },
        }),
      ],
    });
    renderJobs(api, {
      url: '/reconstitution?receiver=component%3Adefault%2Fpayments-read-model&state=completed',
    });
    await screen.findByTestId('job-row-j1');
    expect(screen.queryByTestId('job-row-j2')).toBeNull();
    expect(api.listJobsRequests[0]).toEqual({
      states: ['completed'],
      environment: undefined,
      receiver: 'component:default/payments-read-model',
      limit: 50,
    });
    expect(
      screen.getByRole('button', { name: 'COMPLETED', pressed: true }),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'RUNNING' }));
    await waitFor(() =>
      expect(api.listJobsRequests[api.listJobsRequests.length - 1]).toEqual({
        states: ['completed', 'running'],
        environment: undefined,
        receiver: 'component:default/payments-read-model',
        limit: 50,
      }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText('Environment')).toHaveTextContent(
        /All environments/,
      ),
    );
    fireEvent.change(screen.getByLabelText('Environment'), {
      target: { value: 'prod' },
    });
    await waitFor(() =>
      expect(
        api.listJobsRequests[api.listJobsRequests.length - 1].environment,
      ).toBe('prod'),
    );
    const search = new URLSearchParams(
      screen.getByTestId('location').textContent!.split('?')[1],
    );
    expect(search.getAll('state')).toEqual(['completed', 'running']);
    expect(search.get('environment')).toBe('prod');
    expect(search.get('receiver')).toBe(
      'component:default/payments-read-model',
    );
    expect(
      await screen.findByText('No jobs match these filters'),
    ).toBeInTheDocument();
  });

  it('lists only the given receiver, without a receiver filter', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [makeJob({ id: 'j1', state: 'completed' })],
    });
    renderJobs(api, {
      receiver: 'component:default/ledger',
      url: '/x?receiver=component%3Adefault%2Fpayments-read-model',
    });
    expect(await screen.findByText('No jobs yet')).toBeInTheDocument();
    expect(api.listJobsRequests[0].receiver).toBe('component:default/ledger');
    expect(screen.queryByLabelText('Receiver')).toBeNull();
  });

  it('loads more with the cursor', async () => {
    const jobs = Array.from({ length: 60 }, (_, i) =>
      makeJob({ id: `j${i}`, state: 'completed' }),
    );
    const api = new FakeReconstitutionApi({ jobs });
    renderJobs(api);
    await screen.findByTestId('job-row-j0');
    expect(screen.getAllByTestId(/^job-row-/)).toHaveLength(50);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(screen.getAllByTestId(/^job-row-/)).toHaveLength(60),
    );
    expect(api.listJobsRequests[1].cursor).toBe('50');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('polls every 2 seconds only while a job shown is pending or running', async () => {
    jest.useFakeTimers();
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({
          id: 'j1',
          state: 'running',
          progress: { matched: 10, sent: 2, confirmed: 2 },
        }),
        makeJob({ id: 'j0', state: 'completed' }),
      ],
    });
    renderJobs(api, { url: '/reconstitution?state=running' });
    await screen.findByTestId('job-row-j1');
    expect(api.listJobsRequests).toHaveLength(1);
    expect(screen.getByText(/1 job pending or running/)).toBeInTheDocument();

    api.jobs[0] = {
      ...api.jobs[0],
      progress: { matched: 10, sent: 6, confirmed: 5 },
    };
    await act(async () => {
      await jest.advanceTimersByTimeAsync(2000);
    });
    expect(api.listJobsRequests).toHaveLength(2);
    expect(within(row('j1')).getByText('5 / 10 · 6 sent')).toBeInTheDocument();

    // It completes: no longer matches "running", but stays in view, updated.
    api.jobs[0] = {
      ...api.jobs[0],
      state: 'completed',
      progress: { matched: 10, sent: 10, confirmed: 10 },
    };
    await act(async () => {
      await jest.advanceTimersByTimeAsync(2000);
    });
    expect(api.listJobsRequests).toHaveLength(3);
    expect(api.getJobRequests).toEqual(['j1']);
    expect(within(row('j1')).getByText('COMPLETED')).toBeInTheDocument();
    expect(within(row('j1')).getByText('10 / 10')).toBeInTheDocument();

    // Nothing left that may change: no more reads.
    await act(async () => {
      await jest.advanceTimersByTimeAsync(20_000);
    });
    expect(api.listJobsRequests).toHaveLength(3);
  });

  it('does not poll when no job is active', async () => {
    jest.useFakeTimers();
    const api = new FakeReconstitutionApi({
      jobs: [makeJob({ id: 'j0', state: 'failed' })],
    });
    renderJobs(api);
    await screen.findByTestId('job-row-j0');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10_000);
    });
    expect(api.listJobsRequests).toHaveLength(1);
  });
});
