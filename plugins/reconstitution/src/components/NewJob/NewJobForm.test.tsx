import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useParams } from 'react-router-dom';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { reconstitutionJobCreatePermission } from '@internal/backstage-plugin-reconstitution-common';
import { reconstitutionApiRef } from '../../api';
import {
  FakeReconstitutionApi,
  backendError,
  makeProducer,
  makeReceiver,
} from '../../testing/FakeReconstitutionApi';
import { JobDetail } from '../JobDetail';
import { NewJobForm } from './NewJobForm';

const DRY_RUN = {
  total: 1234,
  byEventName: [
    { eventName: 'OrganisationPartyCreated', count: 1000 },
    { eventName: 'OrganisationPartyUpdated', count: 234 },
  ],
  sample: [
    {
      environment: 'dev',
      domain: 'organisation',
      entityType: 'organisation-party',
      messageId: 'msg-1',
      entityId: '<b>party-1</b>',
      eventName: 'OrganisationPartyCreated',
      occurredAt: '2024-01-01T00:00:00.000Z',
      exchange: 'x',
      routingKey: 'r',
    },
  ],
};

function makeApi() {
  return new FakeReconstitutionApi({
    receivers: [
      makeReceiver({
        entityRef: 'component:default/payments-read-model',
        title: 'Payments read model',
        ownerRef: 'group:default/squad-payments',
        queues: ['payments-read-model.events'],
      }),
      makeReceiver({
        entityRef: 'component:default/party-search',
        title: 'Party search',
        ownerRef: 'group:default/squad-parties',
        queues: ['party-search.events', 'party-search.rebuild'],
      }),
      makeReceiver({
        entityRef: 'component:default/ledger',
        title: 'Ledger',
        ownerRef: 'group:default/squad-ledger',
        queues: ['ledger.events'],
      }),
    ],
    producers: [
      makeProducer(),
      makeProducer({
        domain: 'payments',
        entityType: 'payment',
        eventNames: ['PaymentSettled'],
      }),
      makeProducer({ environment: 'prod', domain: 'prod-only' }),
    ],
    dryRunResult: DRY_RUN,
  });
}

function JobPage() {
  const { id } = useParams();
  return <div>Job page {id}</div>;
}

function RealJobPage() {
  const { id } = useParams();
  return <JobDetail id={id!} />;
}

function renderForm(
  api: FakeReconstitutionApi,
  options: {
    receiver?: string;
    deny?: string[];
    /** Receivers whose permission check fails. */
    failCheck?: string[];
    /** The real job page behind `/jobs/:id`; none: the form stays. */
    jobPage?: 'real' | 'none';
  } = {},
) {
  const permissionRequests: string[] = [];
  const permission = mockApis.permission({
    authorize: request => {
      const ref = (request as { resourceRef?: string }).resourceRef;
      permissionRequests.push(`${request.permission.name} ${ref}`);
      if (options.failCheck?.includes(ref ?? '')) {
        throw new Error('permission backend unreachable');
      }
      return options.deny?.includes(ref ?? '')
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    },
  });
  renderInTestApp(
    <Routes>
      <Route
        path="/new"
        element={
          <NewJobForm
            receiver={options.receiver}
            jobHref={
              options.jobPage === 'none' ? undefined : id => `/jobs/${id}`
            }
          />
        }
      />
      <Route
        path="/jobs/:id"
        element={options.jobPage === 'real' ? <RealJobPage /> : <JobPage />}
      />
    </Routes>,
    {
      apis: [[reconstitutionApiRef, api], permission],
      initialRouteEntries: ['/new'],
    },
  );
  return { permissionRequests };
}

const field = (label: RegExp) => screen.getByLabelText(label);
const dryRunButton = () => screen.getByRole('button', { name: 'Dry run' });
const startButton = () => screen.getByRole('button', { name: /^Start job/ });

async function pickOption(label: RegExp, typed: string, option: RegExp) {
  const input = field(label);
  fireEvent.change(input, { target: { value: typed } });
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

/** Receiver (one queue) and producer chosen. */
async function fillRequired() {
  await pickOption(/^Receiver/, 'payments', /Payments read model/);
  await pickOption(/^Producer/, 'organisation', /^organisation \[/);
}

jest.setTimeout(30_000);

describe('NewJobForm', () => {
  it('counts entity ids, removing duplicates, and refuses too many', async () => {
    renderForm(makeApi());
    const ids = await screen.findByLabelText(/^Entity IDs/);
    await waitFor(() => expect(field(/^Environment/)).toHaveValue('dev'));
    expect(
      screen.getByText('Empty: events of every entity'),
    ).toBeInTheDocument();

    fireEvent.change(ids, {
      target: { value: 'p-1\np-2, p-3 p-1\n\np-2;p-4' },
    });
    expect(
      screen.getByText('4 entity ids (2 duplicates removed)'),
    ).toBeInTheDocument();
    expect(ids).toHaveAttribute('aria-invalid', 'false');

    const many = Array.from({ length: 100_001 }, (_, i) => `e${i}`).join('\n');
    fireEvent.change(ids, { target: { value: many } });
    expect(
      screen.getByText('At most 100,000 entity ids per job (this is 100,001)'),
    ).toBeInTheDocument();
    expect(ids).toHaveAttribute('aria-invalid', 'true');
  });

  it('says when To is not after From', async () => {
    const api = makeApi();
    renderForm(api);
    await fillRequired();
    fireEvent.change(field(/^From/), { target: { value: '2024-05-02T10:00' } });
    fireEvent.change(field(/^To/), { target: { value: '2024-05-01T10:00' } });
    expect(screen.getByText('To must be after From')).toBeInTheDocument();
    expect(field(/^To/)).toHaveAttribute('aria-invalid', 'true');

    fireEvent.click(dryRunButton());
    expect(api.dryRunRequests).toHaveLength(0);

    fireEvent.change(field(/^To/), { target: { value: '2024-05-03T10:00' } });
    expect(screen.queryByText('To must be after From')).toBeNull();
  });

  it('asks for the required fields before a dry run', async () => {
    const api = makeApi();
    renderForm(api);
    await screen.findByLabelText(/^Receiver/);
    fireEvent.click(dryRunButton());
    expect(
      await screen.findByText('Choose the component to receive the events'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Choose the producer whose events to deliver'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Fix first: Receiver, Producer'),
    ).toBeInTheDocument();
    expect(api.dryRunRequests).toHaveLength(0);
    expect(startButton()).toBeDisabled();
  });

  it('requires a dry run, invalidates it on any change, and starts the job it counted', async () => {
    const api = makeApi();
    renderForm(api, { receiver: 'component:default/payments-read-model' });

    // Preselected receiver with one queue: the queue is chosen too.
    await waitFor(() =>
      expect(field(/^Receiver/)).toHaveValue('Payments read model'),
    );
    expect(field(/^Queue/)).toHaveValue('payments-read-model.events');
    expect(field(/^Environment/)).toHaveValue('dev');
    await waitFor(() => expect(api.producerRequests).toContain('dev'));

    await pickOption(/^Producer/, 'organ', /^organisation \[/);
    expect(
      screen.getByText(/^20,000 events · /, { selector: 'p' }),
    ).toBeInTheDocument();
    await pickOption(/^Event names/, 'Updated', /OrganisationPartyUpdated/);
    fireEvent.change(field(/^From/), { target: { value: '2024-01-01T00:00' } });
    fireEvent.change(field(/^Entity IDs/), {
      target: { value: 'p-1\np-2\np-1' },
    });
    fireEvent.change(field(/^Rate limit/), { target: { value: '250' } });

    // No dry run yet: no start.
    expect(startButton()).toBeDisabled();
    expect(startButton()).toHaveTextContent(/^Start job$/);

    fireEvent.click(dryRunButton());
    expect(await screen.findByTestId('dry-run-total')).toHaveTextContent(
      '1,234',
    );
    expect(api.dryRunRequests).toEqual([
      {
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
        from: new Date(2024, 0, 1, 0, 0).toISOString(),
        entityIds: ['p-1', 'p-2'],
        eventNames: ['OrganisationPartyUpdated'],
        sampleSize: 10,
      },
    ]);
    const byName = screen.getByRole('table', { name: 'Events by name' });
    expect(
      within(byName).getByText('OrganisationPartyUpdated'),
    ).toBeInTheDocument();
    expect(within(byName).getByText('234')).toBeInTheDocument();
    const sample = screen.getByRole('table', { name: 'Sample events' });
    // Shown as text, never as markup.
    expect(within(sample).getByText('<b>party-1</b>')).toBeInTheDocument();
    expect(sample.querySelector('b')).toBeNull();

    expect(startButton()).toBeEnabled();
    expect(startButton()).toHaveTextContent(
      'Start job (1,234 events to payments-read-model.events)',
    );

    // Any change makes the dry run stale.
    fireEvent.change(field(/^Rate limit/), { target: { value: '300' } });
    expect(startButton()).toBeDisabled();
    expect(
      screen.getByText(/The form changed since this dry run/),
    ).toBeInTheDocument();
    fireEvent.change(field(/^Rate limit/), { target: { value: '250' } });
    // Back to what was counted: the dry run holds again.
    expect(startButton()).toBeEnabled();
    fireEvent.change(field(/^Entity IDs/), {
      target: { value: 'p-1\np-2\np-3' },
    });
    expect(startButton()).toBeDisabled();

    fireEvent.click(dryRunButton());
    await waitFor(() => expect(startButton()).toBeEnabled());
    expect(api.dryRunRequests).toHaveLength(2);
    expect(api.dryRunRequests[1].entityIds).toEqual(['p-1', 'p-2', 'p-3']);

    fireEvent.click(startButton());
    expect(await screen.findByText('Job page job-1')).toBeInTheDocument();
    expect(api.createRequests).toEqual([
      {
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
        from: new Date(2024, 0, 1, 0, 0).toISOString(),
        entityIds: ['p-1', 'p-2', 'p-3'],
        eventNames: ['OrganisationPartyUpdated'],
        receiver: {
          entityRef: 'component:default/payments-read-model',
          queue: 'payments-read-model.events',
        },
        ratePerSecond: 250,
      },
    ]);
  });

  it('makes the user choose among several queues', async () => {
    const api = makeApi();
    renderForm(api, { receiver: 'component:default/party-search' });
    await waitFor(() => expect(field(/^Receiver/)).toHaveValue('Party search'));
    expect(field(/^Queue/)).toHaveValue('');
    await pickOption(/^Producer/, 'pay', /^payments \[payment\]/);
    fireEvent.click(dryRunButton());
    expect(
      await screen.findByText('Choose the queue to deliver to'),
    ).toBeInTheDocument();
    expect(api.dryRunRequests).toHaveLength(0);

    fireEvent.change(field(/^Queue/), {
      target: { value: 'party-search.rebuild' },
    });
    fireEvent.click(dryRunButton());
    await waitFor(() => expect(startButton()).toBeEnabled());
    fireEvent.click(startButton());
    await screen.findByText('Job page job-1');
    expect(api.createRequests[0].receiver).toEqual({
      entityRef: 'component:default/party-search',
      queue: 'party-search.rebuild',
    });
    expect(api.createRequests[0]).not.toHaveProperty('eventNames');
  });

  it('explains zero matches and does not allow a start', async () => {
    const api = makeApi();
    api.dryRunResult = { total: 0, byEventName: [], sample: [] };
    renderForm(api);
    await fillRequired();
    fireEvent.click(dryRunButton());
    expect(await screen.findByTestId('dry-run-total')).toHaveTextContent('0');
    expect(
      screen.getByText(/No archived event matches this selection/),
    ).toBeInTheDocument();
    expect(startButton()).toBeDisabled();
  });

  it('shows the backend refusal inline and keeps what was typed', async () => {
    const api = makeApi();
    api.dryRunError = await backendError(
      400,
      'InputError',
      'Invalid request: to: must be after from',
    );
    renderForm(api);
    await fillRequired();
    fireEvent.change(field(/^Entity IDs/), { target: { value: 'p-1 p-2' } });
    fireEvent.click(dryRunButton());
    const alert = (
      await screen.findByText('Invalid request: to: must be after from')
    ).closest('[role="alert"]');
    expect(alert).toHaveTextContent('The dry run failed');
    expect(alert).toHaveTextContent('(400 InputError)');
    expect(field(/^Entity IDs/)).toHaveValue('p-1 p-2');
    expect(field(/^Receiver/)).toHaveValue('Payments read model');
    expect(startButton()).toBeDisabled();

    // The start is refused (403) after a good dry run: shown the same way.
    api.dryRunError = undefined;
    api.createError = await backendError(
      403,
      'NotAllowedError',
      'You may not create reconstitution jobs for component:default/payments-read-model',
    );
    fireEvent.click(dryRunButton());
    await waitFor(() => expect(startButton()).toBeEnabled());
    expect(
      screen.queryByText('Invalid request: to: must be after from'),
    ).toBeNull();
    fireEvent.click(startButton());
    expect(
      await screen.findByText(
        'You may not create reconstitution jobs for component:default/payments-read-model',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('(403 NotAllowedError)')).toBeInTheDocument();
    expect(
      screen.getByText('Could not start the job; nothing was sent'),
    ).toBeInTheDocument();
    expect(field(/^Entity IDs/)).toHaveValue('p-1 p-2');
    expect(startButton()).toBeEnabled();
  });

  it('says who may start jobs for a receiver the user may not, and allows only a dry run', async () => {
    const api = makeApi();
    const { permissionRequests } = renderForm(api, {
      receiver: 'component:default/ledger',
      deny: ['component:default/ledger'],
    });
    expect(await screen.findByTestId('create-denied')).toHaveTextContent(
      'Only the owners of Ledger (group:default/squad-ledger) and the platform team can start jobs for it.',
    );
    expect(permissionRequests).toContain(
      `${reconstitutionJobCreatePermission.name} component:default/ledger`,
    );
    expect(startButton()).toBeDisabled();
    await pickOption(/^Producer/, 'organ', /^organisation \[/);
    fireEvent.click(dryRunButton());
    expect(await screen.findByTestId('dry-run-total')).toHaveTextContent(
      '1,234',
    );
    expect(startButton()).toBeDisabled();
    fireEvent.click(startButton());
    expect(api.createRequests).toHaveLength(0);
  });

  it('reads the producers again when their list is opened', async () => {
    const api = makeApi();
    renderForm(api);
    await waitFor(() => expect(api.producerRequests).toEqual(['dev']));
    api.producers.push(
      makeProducer({ domain: 'cards', entityType: 'card', events: 3 }),
    );
    fireEvent.change(field(/^Producer/), { target: { value: 'cards' } });
    const option = await screen.findByRole('option', {
      name: /^cards \[card\]/,
    });
    // The open list is not labelled "Producer": the label finds one field.
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    expect(screen.getAllByLabelText(/Producer/)).toHaveLength(1);
    fireEvent.click(option);
    expect(field(/^Producer/)).toHaveValue('cards [card]');
    expect(api.producerRequests).toEqual(['dev', 'dev']);
  });

  it('lists the producers of the chosen environment', async () => {
    const api = makeApi();
    renderForm(api);
    await waitFor(() => expect(field(/^Environment/)).toHaveValue('dev'));
    fireEvent.change(field(/^Environment/), { target: { value: 'prod' } });
    await waitFor(() => expect(api.producerRequests).toContain('prod'));
    fireEvent.change(field(/^Producer/), { target: { value: 'o' } });
    expect(
      await screen.findByRole('option', { name: /^prod-only \[/ }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /^payments \[/ })).toBeNull();
  });

  it('does not block the form when the permission check itself fails', async () => {
    const api = makeApi();
    renderForm(api, {
      receiver: 'component:default/party-search',
      failCheck: ['component:default/party-search'],
    });
    expect(
      await screen.findByText(
        /Could not check whether you may start jobs for Party search/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('create-denied')).toBeNull();
    expect(dryRunButton()).toBeEnabled();
  });

  describe('into a receiver of an environment with four eyes', () => {
    async function createProdJob(api: FakeReconstitutionApi) {
      api.approvalEnvironments = ['prod'];
      api.dryRunResult = { ...DRY_RUN, total: 1234 };
      await waitFor(() => expect(field(/^Environment/)).toHaveValue('dev'));
      fireEvent.change(field(/^Environment/), { target: { value: 'prod' } });
      await waitFor(() => expect(api.producerRequests).toContain('prod'));
      await pickOption(/^Producer/, 'prod', /^prod-only \[/);
      fireEvent.click(dryRunButton());
      await waitFor(() => expect(startButton()).toBeEnabled());
      fireEvent.click(startButton());
      await waitFor(() => expect(api.createRequests).toHaveLength(1));
    }

    it('says the job was sent for approval, on its page', async () => {
      const api = makeApi();
      renderForm(api, {
        receiver: 'component:default/payments-read-model',
        jobPage: 'real',
      });
      await createProdJob(api);
      expect(
        await screen.findByTestId('job-sent-for-approval'),
      ).toHaveTextContent(
        'Sent for approval: another member of Squad Payments or the platform team must approve it.',
      );
      expect(screen.getByTestId('job-state')).toHaveTextContent(
        'AWAITING APPROVAL',
      );
      expect(screen.queryByText(/started/)).toBeNull();
    });

    it('says so in the form when there is no job page to go to', async () => {
      const api = makeApi();
      renderForm(api, {
        receiver: 'component:default/payments-read-model',
        jobPage: 'none',
      });
      await createProdJob(api);
      const notice = await screen.findByTestId('job-created');
      expect(notice).toHaveTextContent(
        'Sent for approval: another member of Squad Payments or the platform team must approve it. Job job-1 runs once approved.',
      );
      expect(notice).not.toHaveTextContent('started');
    });
  });
});
