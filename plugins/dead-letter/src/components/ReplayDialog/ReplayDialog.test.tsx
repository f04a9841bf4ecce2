import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { deadLetterApiRef, DeadLetterApproval, ReplayJob } from '../../api';
import {
  FakeDeadLetterApi,
  backendError,
  makeMessage,
  uuid,
} from '../../testing/FakeDeadLetterApi';
import { ReplayDialog, ReplaySelection } from './ReplayDialog';

function makeApi() {
  return new FakeDeadLetterApi({
    messages: [
      makeMessage({ id: uuid(1), environment: 'prod' }),
      makeMessage({ id: uuid(2), environment: 'prod' }),
      makeMessage({ id: uuid(3), environment: 'prod' }),
      makeMessage({ id: uuid(4), environment: 'prod', state: 'discarded' }),
      makeMessage({ id: uuid(5), environment: 'dev' }),
    ],
  });
}

function renderDialog(api: FakeDeadLetterApi, selection: ReplaySelection) {
  const onCreated = jest.fn<void, [ReplayJob]>();
  const onSentForApproval = jest.fn<void, [DeadLetterApproval]>();
  const onClose = jest.fn();
  renderInTestApp(
    <ReplayDialog
      selection={selection}
      onClose={onClose}
      onCreated={onCreated}
      onSentForApproval={onSentForApproval}
    />,
    { apis: [[deadLetterApiRef, api]] },
  );
  return { onCreated, onSentForApproval, onClose };
}

const messages = (api: FakeDeadLetterApi, ...ns: number[]) =>
  ns.map(n => api.messages.find(m => m.id === uuid(n))!);

const submit = (name: RegExp) =>
  fireEvent.click(
    within(screen.getByRole('dialog')).getByRole('button', { name }),
  );

// Dialogs with MUI: the first render loads a lot on a busy machine.
jest.setTimeout(20_000);

describe('ReplayDialog', () => {
  it('replays selected messages to their original exchange by default', async () => {
    const api = makeApi();
    const { onCreated } = renderDialog(api, {
      kind: 'messages',
      messages: messages(api, 1, 2, 3),
      selected: true,
    });
    const dialog = await screen.findByRole('dialog', {
      name: 'Replay 3 messages',
    });
    expect(
      within(dialog).getByText('Replay 3 selected messages in prod.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('radio', {
        name: /^Original exchange and routing keys/,
      }),
    ).toBeChecked();
    // All three share their origin, so the dialog names it.
    expect(
      within(dialog).getByText(
        'As first published: exchange payments, routing key payment.created',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Straight to payments.incoming, through the default exchange',
      ),
    ).toBeInTheDocument();

    submit(/^Replay 3 messages$/);
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(api.replayRequests).toEqual([
      { ids: [uuid(1), uuid(2), uuid(3)], target: { kind: 'original' } },
    ]);
    expect(onCreated.mock.calls[0][0]).toMatchObject({
      id: 'job-1',
      total: 3,
      state: 'pending',
    });
  });

  it('requires a queue name for "another queue" and checks the rate', async () => {
    const api = makeApi();
    const { onCreated } = renderDialog(api, {
      kind: 'messages',
      messages: messages(api, 1),
    });
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Replay this message in prod.'),
    ).toBeInTheDocument();

    fireEvent.click(
      within(dialog).getByRole('radio', { name: /^Another queue/ }),
    );
    const queue = within(dialog).getByRole('textbox', { name: /Queue name/ });
    const rate = within(dialog).getByRole('textbox', {
      name: /Rate limit/,
    });

    // Nothing typed: the queue is required.
    submit(/^Replay 1 message$/);
    expect(
      await within(dialog).findByText('Name the queue to publish to'),
    ).toBeInTheDocument();
    expect(queue).toHaveAttribute('aria-invalid', 'true');

    // A rate out of range shows as soon as it is typed.
    fireEvent.change(queue, { target: { value: ' payments.parking ' } });
    for (const bad of ['0', '5001', '2.5', 'fast']) {
      fireEvent.change(rate, { target: { value: bad } });
      expect(
        within(dialog).getByText(
          'Enter a whole number from 1 to 5,000, or leave empty for no limit',
        ),
      ).toBeInTheDocument();
      expect(rate).toHaveAttribute('aria-invalid', 'true');
      submit(/^Replay 1 message$/);
    }
    expect(api.replayRequests).toEqual([]);

    fireEvent.change(rate, { target: { value: '250' } });
    expect(
      within(dialog).queryByText(/Enter a whole number/),
    ).not.toBeInTheDocument();
    submit(/^Replay 1 message$/);
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(api.replayRequests).toEqual([
      {
        ids: [uuid(1)],
        target: { kind: 'queue', queue: 'payments.parking' },
        ratePerSecond: 250,
      },
    ]);
  });

  it('replays to the source queue, leaving out messages not unresolved', async () => {
    const api = makeApi();
    const { onCreated } = renderDialog(api, {
      kind: 'messages',
      messages: messages(api, 1, 4),
      selected: true,
    });
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Replay 1 selected message in prod.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        '1 selected message not unresolved is left as it is.',
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      within(dialog).getByRole('radio', { name: /^The queue it died in/ }),
    );
    submit(/^Replay 1 message$/);
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.replayRequests).toEqual([
      { ids: [uuid(1)], target: { kind: 'source' } },
    ]);
  });

  it('refuses a selection that spans environments', async () => {
    const api = makeApi();
    renderDialog(api, {
      kind: 'messages',
      messages: messages(api, 1, 5),
      selected: true,
    });
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/The messages are in dev and prod/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: /^Replay 2 messages$/ }),
    ).toBeDisabled();
    expect(api.replayRequests).toEqual([]);
  });

  it('shows the backend refusal in the dialog and keeps it open', async () => {
    const api = makeApi();
    const message =
      'Invalid request: filter: matches 120000 unresolved messages; at most 100000 per replay job — narrow the filter';
    api.replayError = await backendError(400, 'InputError', message);
    const { onCreated, onClose } = renderDialog(api, {
      kind: 'filter',
      filter: { environment: 'prod', reason: 'rejected' },
      count: 120000,
    });
    const dialog = await screen.findByRole('dialog', {
      name: 'Replay matching messages',
    });
    submit(/^Replay 120,000 messages$/);
    const alert = await within(dialog).findByText(message);
    expect(alert.closest('[role="alert"]')).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Could not start the replay; nothing was replayed',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('(400 InputError)')).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
    // The form can be sent again.
    expect(
      within(dialog).getByRole('button', { name: /^Replay 120,000 messages$/ }),
    ).toBeEnabled();

    // A 403 (someone else's messages) shows the same way.
    api.replayError = await backendError(
      403,
      'NotAllowedError',
      'You may replay only dead letters of components your squads own: 3 of 57 messages belong to components your squads do not own',
    );
    submit(/^Replay 120,000 messages$/);
    expect(
      await within(dialog).findByText(/You may replay only dead letters/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('(403 NotAllowedError)'),
    ).toBeInTheDocument();
    expect(api.replayRequests).toHaveLength(2);
  });

  it('lists the filters of "replay all matching" and sends them', async () => {
    const api = makeApi();
    const { onCreated } = renderDialog(api, {
      kind: 'filter',
      filter: {
        environment: 'prod',
        owners: ['group:default/squad-aura'],
        queue: 'payments.incoming',
        group: 'fp-payments-rejected',
        q: 'o-1',
      },
      count: 57,
      groupLabel: 'payments.incoming · rejected',
    });
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Replay all 57 unresolved messages matching the current filters:',
      ),
    ).toBeInTheDocument();
    const filters = within(
      within(dialog).getByRole('list', { name: 'Filters' }),
    )
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(filters).toEqual([
      'Environment: prod',
      'Owner: group:default/squad-aura',
      'Source queue: payments.incoming',
      'Failure group: payments.incoming · rejected',
      'Text: “o-1”',
    ]);
    submit(/^Replay 57 messages$/);
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.replayRequests).toEqual([
      {
        filter: {
          environment: 'prod',
          owners: ['group:default/squad-aura'],
          queue: 'payments.incoming',
          group: 'fp-payments-rejected',
          q: 'o-1',
        },
        target: { kind: 'original' },
      },
    ]);
  });

  it('does nothing when cancelled', async () => {
    const api = makeApi();
    const { onClose, onCreated } = renderDialog(api, {
      kind: 'group',
      filter: { environment: 'prod', group: 'fp' },
      count: 1298,
      label: 'payments.incoming · rejected',
    });
    const dialog = await screen.findByRole('dialog', {
      name: 'Replay failure group',
    });
    expect(dialog).toHaveTextContent(
      'Replay all 1,298 unresolved messages in failure group payments.incoming · rejected in prod.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onCreated).not.toHaveBeenCalled();
    expect(api.replayRequests).toEqual([]);
  });
});
