import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { reconstitutionApiRef, ReconstitutionJob } from '../../api';
import {
  FakeReconstitutionApi,
  backendError,
  makeApproval,
  makeJob,
} from '../../testing/FakeReconstitutionApi';
import { JobDetail } from '../JobDetail';
import { Jobs } from '../Jobs';

const ME = 'user:default/john.roe';
const REQUESTER = 'user:default/jane.doe';

/** A catalog knowing the receiver owner's title (not derivable from its ref). */
const catalog = {
  getEntityByRef: async (ref: string) =>
    ref === 'group:default/squad-payments'
      ? {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'squad-payments', title: 'Squad Payments (EU)' },
          spec: { type: 'squad', children: [] },
        }
      : undefined,
};

function awaiting(
  overrides: Partial<ReconstitutionJob> & { id: string },
): ReconstitutionJob {
  return makeJob({
    state: 'awaiting-approval',
    environment: 'prod',
    createdBy: REQUESTER,
    approval: makeApproval({ expiresAt: '2099-01-01T00:00:00.000Z' }),
    progress: { matched: 1234, sent: 0, confirmed: 0 },
    ...overrides,
  });
}

function Location() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname}</div>;
}

function render(element: JSX.Element, api: FakeReconstitutionApi, me = ME) {
  return renderInTestApp(
    <>
      {element}
      <Location />
    </>,
    {
      apis: [
        [reconstitutionApiRef, api],
        [catalogApiRef, catalog],
        mockApis.permission(),
        mockApis.identity({ userEntityRef: me }),
      ],
      initialRouteEntries: ['/reconstitution'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

jest.setTimeout(30_000);

describe('four eyes on the job page', () => {
  it('says who may approve, and approves after confirmation: the job becomes pending', async () => {
    const api = new FakeReconstitutionApi({ jobs: [awaiting({ id: 'a1' })] });
    render(<JobDetail id="a1" />, api);

    const notice = await screen.findByTestId('job-approval');
    await waitFor(() =>
      expect(notice).toHaveTextContent(
        'Awaiting approval from Squad Payments (EU) or the platform team, until',
      ),
    );
    expect(notice).not.toHaveTextContent('(not you)');
    expect(screen.getByTestId('job-state')).toHaveTextContent(
      'AWAITING APPROVAL',
    );

    fireEvent.click(within(notice).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Approve this job?');
    expect(dialog).toHaveTextContent(
      `1,234 events of organisation [organisation-party] to payments-read-model.events in prod, asked by ${REQUESTER}`,
    );
    expect(api.approveRequests).toEqual([]);
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Approve job' }),
    );
    await waitFor(() => expect(api.approveRequests).toEqual(['a1']));
    await waitFor(() =>
      expect(screen.getByTestId('job-state')).toHaveTextContent('PENDING'),
    );
    expect(screen.queryByTestId('job-approval')).toBeNull();
    expect(screen.getByText('Approved by')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('tells the requester it is not theirs to approve, with no Approve or Refuse', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        awaiting({
          id: 'a2',
          approval: makeApproval({ canDecide: false }),
        }),
      ],
    });
    render(<JobDetail id="a2" />, api, REQUESTER);
    const notice = await screen.findByTestId('job-approval');
    await waitFor(() =>
      expect(notice).toHaveTextContent(
        'Awaiting approval from Squad Payments (EU) or the platform team (not you)',
      ),
    );
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Refuse' })).toBeNull();
    // The requester may still withdraw it.
    expect(
      await screen.findByRole('button', { name: 'Cancel job' }),
    ).toBeInTheDocument();
  });

  it('refuses only with a reason, and shows who refused and why, as text', async () => {
    const api = new FakeReconstitutionApi({ jobs: [awaiting({ id: 'a3' })] });
    render(<JobDetail id="a3" />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Refuse' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Refuse job' });
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/^Reason/), {
      target: { value: '   ' },
    });
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/^Reason/), {
      target: { value: '  Wrong window <b>twice</b> ' },
    });
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(api.refuseRequests).toEqual([
        { id: 'a3', reason: 'Wrong window <b>twice</b>' },
      ]),
    );
    await waitFor(() =>
      expect(screen.getByTestId('job-state')).toHaveTextContent('REFUSED'),
    );
    const notice = screen.getByTestId('job-approval');
    expect(notice).toHaveTextContent(
      /Refused by .*john\.roe.* on .*: Wrong window <b>twice<\/b>/,
    );
    expect(notice.querySelector('b')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Refuse' })).toBeNull();
  });

  it("shows the backend's refusal of a decision in the dialog", async () => {
    const api = new FakeReconstitutionApi({ jobs: [awaiting({ id: 'a4' })] });
    api.decideError = await backendError(
      409,
      'ConflictError',
      'This job expired at 2024-01-01T00:00:00.000Z without approval and will not run',
    );
    render(<JobDetail id="a4" />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Approve job' }),
    );
    expect(
      await within(dialog).findByText(/without approval and will not run/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('(409 ConflictError)')).toBeInTheDocument();
  });

  it('says an expired job will not run', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        awaiting({
          id: 'e1',
          state: 'expired',
          reason: 'Nobody approved it before 2024-01-01T00:00:00.000Z',
          approval: makeApproval({
            expiresAt: '2024-01-01T00:00:00.000Z',
            canDecide: false,
          }),
        }),
      ],
    });
    render(<JobDetail id="e1" />, api);
    expect(await screen.findByTestId('job-approval')).toHaveTextContent(
      /Expired without approval: nobody approved it before .*It will not run/,
    );
    expect(screen.getByTestId('job-state')).toHaveTextContent('EXPIRED');
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
  });
});

describe('four eyes in the jobs list', () => {
  it('offers Approve and Refuse only where the caller may decide, and shows the decision in place', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        awaiting({ id: 'mine', approval: makeApproval({ canDecide: true }) }),
        awaiting({
          id: 'theirs',
          createdBy: ME,
          approval: makeApproval({ canDecide: false }),
        }),
        makeJob({ id: 'done', state: 'completed' }),
      ],
    });
    render(
      <Routes>
        <Route
          path="/reconstitution"
          element={<Jobs jobHref={id => `/reconstitution/jobs/${id}`} />}
        />
      </Routes>,
      api,
    );
    const decidable = await screen.findByTestId('job-approval-mine');
    await waitFor(() =>
      expect(decidable).toHaveTextContent(
        'Awaiting approval from Squad Payments (EU) or the platform team, until',
      ),
    );
    const own = screen.getByTestId('job-approval-theirs');
    expect(own).toHaveTextContent('(not you)');
    expect(within(own).queryByRole('button')).toBeNull();
    expect(screen.queryByTestId('job-approval-done')).toBeNull();

    fireEvent.click(within(decidable).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Approve job' }),
    );
    await waitFor(() => expect(api.approveRequests).toEqual(['mine']));
    const row = screen.getByTestId('job-row-mine');
    await waitFor(() => expect(row).toHaveTextContent('PENDING'));
    expect(within(row).queryByRole('button', { name: 'Approve' })).toBeNull();
    // Deciding in the list does not open the job.
    expect(screen.getByTestId('location')).toHaveTextContent(
      /^\/reconstitution$/,
    );
  });

  it('filters by the approval states', async () => {
    const api = new FakeReconstitutionApi({
      jobs: [awaiting({ id: 'w' }), makeJob({ id: 'r', state: 'running' })],
    });
    render(<Jobs />, api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'AWAITING APPROVAL' }),
    );
    await waitFor(() =>
      expect(api.listJobsRequests[api.listJobsRequests.length - 1]).toEqual(
        expect.objectContaining({ states: ['awaiting-approval'] }),
      ),
    );
    await waitFor(() => expect(screen.queryByTestId('job-row-r')).toBeNull());
    expect(screen.getByTestId('job-row-w')).toBeInTheDocument();
  });
});
