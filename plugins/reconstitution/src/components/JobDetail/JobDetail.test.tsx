import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { reconstitutionJobCancelPermission } from '@internal/backstage-plugin-reconstitution-common';
import { reconstitutionApiRef } from '../../api';
import {
  FakeReconstitutionApi,
  backendError,
  makeAuditEntry,
  makeJob,
  makeSamples,
} from '../../testing/FakeReconstitutionApi';
import { JobDetail } from './JobDetail';

/**
 * Permission answers are cached per permission and resource, so tests that
 * deny use receivers of their own.
 */
function renderDetail(
  api: FakeReconstitutionApi,
  id: string,
  options: { deny?: boolean } = {},
) {
  const asked: string[] = [];
  const permission = mockApis.permission({
    authorize: request => {
      asked.push(
        `${request.permission.name} ${
          (request as { resourceRef?: string }).resourceRef
        }`,
      );
      return options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
    },
  });
  renderInTestApp(<JobDetail id={id} jobsHref="/reconstitution" />, {
    apis: [[reconstitutionApiRef, api], permission],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return { asked };
}

jest.setTimeout(30_000);

describe('JobDetail', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows the parameters, progress, chart, entity ids and audit of a job', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({
          id: 'j1',
          state: 'completed',
          environment: 'prod',
          from: '2024-01-01T00:00:00.000Z',
          eventNames: ['OrganisationPartyCreated', 'OrganisationPartyUpdated'],
          entityIdCount: 1500,
          ratePerSecond: 250,
          startedAt: '2024-05-01T10:00:05.000Z',
          finishedAt: '2024-05-01T10:05:00.000Z',
          progress: { matched: 20000, sent: 20000, confirmed: 20000 },
        }),
      ],
    });
    api.details.j1 = {
      entityIds: ['party-1', '<img src=x onerror=alert(1)>'],
      progressSamples: makeSamples(6, 4000),
      audit: [
        makeAuditEntry({ action: 'create' }),
        makeAuditEntry({
          action: 'complete',
          actor: 'user:default/system',
          details: 'Delivered 20000 events',
        }),
      ],
    };
    renderDetail(api, 'j1');
    expect(await screen.findByTestId('job-state')).toHaveTextContent(
      'COMPLETED',
    );
    expect(screen.getByTestId('job-progress')).toHaveTextContent(
      '20,000 / 20,000 confirmed (100%)',
    );
    expect(screen.getByTestId('progress-chart')).toHaveAttribute(
      'aria-label',
      expect.stringContaining('20,000 at'),
    );
    expect(screen.getByText('Parameters')).toBeInTheDocument();
    expect(
      screen.getByText('OrganisationPartyCreated, OrganisationPartyUpdated'),
    ).toBeInTheDocument();
    expect(screen.getByText('250 events/s')).toBeInTheDocument();
    expect(
      screen.getByText('1,500 entity ids (the first 2 listed)'),
    ).toBeInTheDocument();
    const ids = screen.getByTestId('job-entity-ids');
    expect(ids.textContent).toBe('party-1\n<img src=x onerror=alert(1)>');
    expect(ids.querySelector('img')).toBeNull();
    const audit = screen.getByRole('table', { name: 'Audit' });
    expect(within(audit).getByText('complete')).toBeInTheDocument();
    expect(
      within(audit).getByText('Delivered 20000 events'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /All jobs/ })).toHaveAttribute(
      'href',
      '/reconstitution',
    );
    // Ended: nothing to cancel.
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
  });

  it('shows why a job failed', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({
          id: 'f1',
          state: 'failed',
          reason: 'Channel closed by the broker: NOT_FOUND - no queue',
        }),
      ],
    });
    renderDetail(api, 'f1');
    const reason = await screen.findByTestId('job-reason');
    expect(reason).toHaveTextContent('The job failed');
    expect(reason).toHaveTextContent(
      'Channel closed by the broker: NOT_FOUND - no queue',
    );
    expect(screen.getByTestId('job-state')).toHaveTextContent('FAILED');
  });

  it('says what a pending job waits for, and offers no cancel without permission', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({
          id: 'p1',
          state: 'pending',
          receiver: {
            entityRef: 'component:default/not-mine',
            queue: 'not-mine.events',
          },
          reason: 'Waiting for job j0 on queue not-mine.events',
        }),
      ],
    });
    const { asked } = renderDetail(api, 'p1', { deny: true });
    expect(await screen.findByTestId('job-reason')).toHaveTextContent(
      'Waiting for job j0 on queue not-mine.events',
    );
    await waitFor(() =>
      expect(asked).toContain(
        `${reconstitutionJobCancelPermission.name} component:default/not-mine`,
      ),
    );
    expect(screen.getByTestId('job-state')).toHaveTextContent('PENDING');
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
  });

  it('follows a running job and cancels it after confirmation', async () => {
    jest.useFakeTimers();
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({
          id: 'r1',
          state: 'running',
          progress: {
            matched: 4,
            sent: 1,
            confirmed: 1,
            ratePerSecond: 2,
            etaSeconds: 90,
          },
        }),
      ],
    });
    renderDetail(api, 'r1');
    expect(await screen.findByTestId('job-progress')).toHaveTextContent(
      '1 / 4 confirmed (25%)',
    );
    expect(screen.getByText(/2\/s · ETA 1m 30s/)).toBeInTheDocument();
    expect(api.getJobRequests).toEqual(['r1']);

    api.jobs[0] = {
      ...api.jobs[0],
      progress: { matched: 4, sent: 2, confirmed: 2 },
    };
    await act(async () => {
      await jest.advanceTimersByTimeAsync(2000);
    });
    expect(api.getJobRequests).toHaveLength(2);
    expect(screen.getByTestId('job-progress')).toHaveTextContent(
      '2 / 4 confirmed (50%)',
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Cancel job' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Cancel this job?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel job' }));
    await waitFor(() => expect(api.cancelRequests).toEqual(['r1']));
    await waitFor(() =>
      expect(screen.getByTestId('job-state')).toHaveTextContent('CANCELLED'),
    );
    expect(screen.getByTestId('job-reason')).toHaveTextContent(
      'Cancelled by user:default/jane.doe',
    );
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
    const reads = api.getJobRequests.length;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(20_000);
    });
    expect(api.getJobRequests).toHaveLength(reads);
  });

  it('shows a refused cancel in the dialog', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [makeJob({ id: 'r2', state: 'running' })],
    });
    api.cancelError = await backendError(
      403,
      'NotAllowedError',
      'Only the owners of component:default/payments-read-model may cancel',
    );
    renderDetail(api, 'r2');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel job' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel job' }));
    expect(
      await within(dialog).findByText(
        'Only the owners of component:default/payments-read-model may cancel',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('(403 NotAllowedError)'),
    ).toBeInTheDocument();
  });

  it('says when the job does not exist', async () => {
    renderDetail(new FakeReconstitutionApi(), 'nope');
    expect(
      await screen.findByText('No reconstitution job with id nope'),
    ).toBeInTheDocument();
    expect(screen.getByText('(404 NotFoundError)')).toBeInTheDocument();
  });
});
