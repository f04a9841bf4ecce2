import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  FakeDeadLetterApi,
  backendError,
  uuid,
} from '../../testing/FakeDeadLetterApi';
import {
  browserMessages,
  renderBrowser,
  selectMessage as select,
} from '../../__testUtils__/renderBrowser';

function makeApi() {
  return new FakeDeadLetterApi({
    messages: browserMessages(),
    counts: [{ environment: 'prod', state: 'unresolved', count: 2 }],
  });
}

const toolbarButton = (name: string) =>
  screen.getByRole('button', { name: new RegExp(`^${name}$`) });

// These render the whole browser, a dialog and a reload; the first test also
// pays for loading MUI, which can exceed the default 5 s on a busy machine.
jest.setTimeout(20_000);

describe('DeadLetterBrowser discard and restore', () => {
  it('discards the selected messages after confirmation and refreshes', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    // Nothing selected: no actions.
    expect(screen.queryByRole('button', { name: /^Discard$/ })).toBeNull();

    select(uuid(1));
    select(uuid(2));
    expect(toolbarButton('Restore')).toBeDisabled();
    const lists = api.listRequests.length;
    const countCalls = api.countRequests.length;
    fireEvent.click(toolbarButton('Discard'));

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Discard 2 messages in prod? They stay stored and can be restored.',
      ),
    ).toBeInTheDocument();
    // Nothing is sent before confirming.
    expect(api.actionRequests).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));

    expect(await screen.findByText('2 discarded')).toBeInTheDocument();
    expect(api.actionRequests).toEqual([
      { action: 'discard', ids: [uuid(1), uuid(2)] },
    ]);
    // The list (unresolved only) and the counts were loaded again.
    await waitFor(() =>
      expect(screen.queryByTestId(`message-row-${uuid(1)}`)).toBeNull(),
    );
    expect(screen.queryByTestId(`message-row-${uuid(2)}`)).toBeNull();
    expect(api.listRequests.length).toBe(lists + 1);
    expect(api.countRequests.length).toBe(countCalls + 1);
    expect(api.messages.map(m => m.state)).toEqual([
      'discarded',
      'discarded',
      'discarded',
    ]);
  });

  it('sends only the unresolved messages of a mixed selection', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod&state=all');
    await screen.findByTestId(`message-row-${uuid(3)}`);
    select(uuid(1));
    select(uuid(3));
    fireEvent.click(toolbarButton('Discard'));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Discard 1 message in prod? It stays stored and can be restored.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        '1 selected message not unresolved is left as it is.',
      ),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));
    expect(await screen.findByText('1 discarded')).toBeInTheDocument();
    expect(api.actionRequests).toEqual([{ action: 'discard', ids: [uuid(1)] }]);
  });

  it('calls nothing when the dialog is cancelled', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    select(uuid(1));
    const lists = api.listRequests.length;
    fireEvent.click(toolbarButton('Discard'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.actionRequests).toEqual([]);
    expect(api.listRequests.length).toBe(lists);
    expect(screen.getByText('1 selected')).toBeInTheDocument();
    expect(api.messages[0].state).toBe('unresolved');
  });

  it("shows the backend's 403 message and leaves the rows as they were", async () => {
    const api = makeApi();
    const message =
      'You may discard only dead letters of components your squads own: 1 of 2 selected messages belong to components your squads do not own';
    api.actionError = await backendError(403, 'NotAllowedError', message);
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    select(uuid(1));
    select(uuid(2));
    const lists = api.listRequests.length;
    fireEvent.click(toolbarButton('Discard'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));

    const alert = await screen.findByText(message);
    expect(alert.closest('[role="alert"]')).toBeInTheDocument();
    expect(
      screen.getByText('Could not discard the messages; nothing was changed'),
    ).toBeInTheDocument();
    expect(screen.getByText('(403 NotAllowedError)')).toBeInTheDocument();
    expect(api.actionRequests).toEqual([
      { action: 'discard', ids: [uuid(1), uuid(2)] },
    ]);
    // No success, no reload; the rows and the selection stay.
    expect(screen.queryByText(/discarded$/)).toBeNull();
    expect(api.listRequests.length).toBe(lists);
    for (const id of [uuid(1), uuid(2)]) {
      const row = within(screen.getByTestId(`message-row-${id}`));
      expect(row.getByText('unresolved')).toBeInTheDocument();
    }
    expect(screen.getByText('2 selected')).toBeInTheDocument();
  });

  it("shows the backend's 400 message", async () => {
    const api = makeApi();
    api.actionError = await backendError(
      400,
      'InputError',
      'Invalid request: ids.0: must be message ids',
    );
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    select(uuid(1));
    fireEvent.click(toolbarButton('Discard'));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Discard',
      }),
    );
    expect(
      await screen.findByText('Invalid request: ids.0: must be message ids'),
    ).toBeInTheDocument();
    expect(screen.getByText('(400 InputError)')).toBeInTheDocument();
  });

  it('restores discarded messages', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod&state=discarded');
    await screen.findByTestId(`message-row-${uuid(3)}`);
    expect(screen.queryByTestId(`message-row-${uuid(1)}`)).toBeNull();
    select(uuid(3));
    expect(toolbarButton('Discard')).toBeDisabled();
    fireEvent.click(toolbarButton('Restore'));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Restore 1 message in prod? It becomes unresolved again.',
      ),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('1 restored')).toBeInTheDocument();
    expect(api.actionRequests).toEqual([{ action: 'restore', ids: [uuid(3)] }]);
    await waitFor(() =>
      expect(screen.queryByTestId(`message-row-${uuid(3)}`)).toBeNull(),
    );
    expect(api.messages[2].state).toBe('unresolved');
  });

  it('says when the backend changed fewer messages than asked', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    select(uuid(1));
    select(uuid(2));
    // Someone else discards one of them meanwhile.
    api.messages[1] = { ...api.messages[1], state: 'discarded' };
    fireEvent.click(toolbarButton('Discard'));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Discard',
      }),
    );
    expect(
      await screen.findByText(
        '1 discarded; 1 was no longer unresolved and left as it was',
      ),
    ).toBeInTheDocument();
  });

  it('discards and restores the message open in the drawer', async () => {
    const api = makeApi();
    renderBrowser(api, `/dead-letter?environment=prod&message=${uuid(1)}`);
    const drawer = await screen.findByRole('presentation');
    await within(drawer).findByRole('table', { name: 'Message summary' });
    // The actions appear once the permission check has answered.
    expect(
      await within(drawer).findByRole('button', { name: /^Restore$/ }),
    ).toBeDisabled();
    fireEvent.click(within(drawer).getByRole('button', { name: /^Discard$/ }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Discard 1 message',
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));
    expect(await screen.findByText('1 discarded')).toBeInTheDocument();
    expect(api.actionRequests).toEqual([{ action: 'discard', ids: [uuid(1)] }]);
    // The drawer shows the new state, and the list lost the message.
    await waitFor(() =>
      expect(
        within(drawer).getByRole('button', { name: /^Restore$/ }),
      ).toBeEnabled(),
    );
    expect(within(drawer).getByText('discarded')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByTestId(`message-row-${uuid(1)}`)).toBeNull(),
    );

    fireEvent.click(within(drawer).getByRole('button', { name: /^Restore$/ }));
    const restore = await screen.findByRole('dialog', {
      name: 'Restore 1 message',
    });
    fireEvent.click(within(restore).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('1 restored')).toBeInTheDocument();
    expect(api.actionRequests[1]).toEqual({
      action: 'restore',
      ids: [uuid(1)],
    });
    expect(
      await screen.findByTestId(`message-row-${uuid(1)}`),
    ).toBeInTheDocument();
  });
});
