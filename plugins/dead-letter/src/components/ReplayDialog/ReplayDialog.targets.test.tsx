import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { deadLetterApiRef, ReplayJob } from '../../api';
import {
  FakeDeadLetterApi,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { ReplayDialog } from './ReplayDialog';

const ID = '00000000-0000-4000-8000-000000000001';
const aura = {
  componentRef: 'component:default/payment-initiation-service',
  ownerRef: 'group:default/squad-aura',
};

function renderDialog(api: FakeDeadLetterApi) {
  const onCreated = jest.fn<void, [ReplayJob]>();
  renderInTestApp(
    <ReplayDialog
      selection={{ kind: 'messages', messages: api.messages }}
      onClose={jest.fn()}
      onCreated={onCreated}
      onSentForApproval={jest.fn()}
    />,
    { apis: [[deadLetterApiRef, api]] },
  );
  return { onCreated };
}

function apiWith(targets: FakeDeadLetterApi['replayTargets']) {
  const api = new FakeDeadLetterApi({
    // Died in payments.incoming.
    messages: [makeMessage({ id: ID, environment: 'prod' })],
  });
  api.replayTargets = targets;
  return api;
}

const radio = (dialog: HTMLElement, name: RegExp) =>
  within(dialog).getByRole('radio', { name });

// Dialogs with MUI: the first render loads a lot on a busy machine.
jest.setTimeout(20_000);

describe('ReplayDialog destinations', () => {
  it('offers only the queues registered to the user’s squads', async () => {
    const api = apiWith({
      items: [
        { queue: 'payments.incoming', ...aura },
        { queue: 'payments.retry', ...aura },
      ],
      anyQueue: false,
    });
    const { onCreated } = renderDialog(api);
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(api.replayTargetRequests).toEqual(['prod']));
    expect(radio(dialog, /^Original exchange/)).toBeEnabled();
    expect(radio(dialog, /^The queue it died in/)).toBeEnabled();

    fireEvent.click(radio(dialog, /^Another queue/));
    // A choice of the allowed queues, no free text.
    const select = await within(dialog).findByRole('combobox', {
      name: /Queue/,
    });
    expect(within(dialog).queryByRole('textbox', { name: /Queue name/ })).toBe(
      null,
    );
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      `payments.incoming (${aura.componentRef})`,
      `payments.retry (${aura.componentRef})`,
    ]);
    fireEvent.change(select, { target: { value: 'payments.retry' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /^Replay 1/ }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.replayRequests).toEqual([
      { ids: [ID], target: { kind: 'queue', queue: 'payments.retry' } },
    ]);
  });

  it('does not offer the queue the messages died in when it is another squad’s', async () => {
    const api = apiWith({
      items: [
        {
          queue: 'ledger.postings.in',
          componentRef: 'component:default/ledger-posting-service',
          ownerRef: 'group:default/squad-orion',
        },
      ],
      anyQueue: false,
    });
    const { onCreated } = renderDialog(api);
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(radio(dialog, /^Original exchange/)).toBeDisabled(),
    );
    expect(radio(dialog, /^The queue it died in/)).toBeDisabled();
    expect(
      within(dialog).getAllByText(
        'Not for you: payments.incoming is registered to a component of another squad',
      ).length,
    ).toBeGreaterThan(0);
    // The one destination left is chosen.
    expect(radio(dialog, /^Another queue/)).toBeChecked();
    fireEvent.click(within(dialog).getByRole('button', { name: /^Replay 1/ }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.replayRequests).toEqual([
      { ids: [ID], target: { kind: 'queue', queue: 'ledger.postings.in' } },
    ]);
  });

  it('offers nothing when no destination is allowed', async () => {
    const api = apiWith({ items: [], anyQueue: false });
    renderDialog(api);
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        /^You may not replay into payments\.incoming, and no queue is registered to your squads' components/,
      ),
    ).toBeInTheDocument();
    for (const name of [
      /^Original exchange/,
      /^The queue it died in/,
      /^Another queue/,
    ]) {
      expect(radio(dialog, name)).toBeDisabled();
    }
    expect(
      within(dialog).getByRole('button', { name: /^Replay 1/ }),
    ).toBeDisabled();
  });

  it('takes any queue name from the platform team', async () => {
    const api = apiWith({ items: [], anyQueue: true });
    const { onCreated } = renderDialog(api);
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(api.replayTargetRequests).toEqual(['prod']));
    fireEvent.click(radio(dialog, /^Another queue/));
    const input = await within(dialog).findByRole('textbox', {
      name: /Queue name/,
    });
    expect(within(dialog).queryByRole('combobox')).toBeNull();
    fireEvent.change(input, { target: { value: 'parking.lot' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /^Replay 1/ }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.replayRequests).toEqual([
      { ids: [ID], target: { kind: 'queue', queue: 'parking.lot' } },
    ]);
  });
});
