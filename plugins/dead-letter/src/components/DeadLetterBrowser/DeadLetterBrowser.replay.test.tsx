import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { FailureGroup } from '../../api';
import {
  FakeDeadLetterApi,
  backendError,
  makeGroup,
  makeMessage,
  uuid,
} from '../../testing/FakeDeadLetterApi';
import {
  browserMessages,
  renderBrowser,
  selectMessage as select,
} from '../../__testUtils__/renderBrowser';

const group: FailureGroup = makeGroup({ count: 1298 });

function makeApi() {
  return new FakeDeadLetterApi({
    messages: [
      ...browserMessages(),
      makeMessage({
        id: uuid(4),
        environment: 'prod',
        sourceQueue: 'orders.incoming',
        groupFingerprint: 'fp-orders',
        capturedAt: new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString(),
      }),
    ],
    groups: [group],
    counts: [{ environment: 'prod', state: 'unresolved', count: 3 }],
  });
}

const dialogButton = async (name: RegExp) =>
  within(await screen.findByRole('dialog')).getByRole('button', { name });

// These render the whole browser and a dialog; the first test also pays for
// loading MUI, which can exceed the default 5 s on a busy machine.
jest.setTimeout(20_000);

describe('DeadLetterBrowser replay', () => {
  it('replays the selected messages and follows the job', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    select(uuid(1));
    select(uuid(2));
    const lists = api.listRequests.length;
    fireEvent.click(screen.getByRole('button', { name: /^Replay$/ }));

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Replay 2 selected messages in prod.'),
    ).toBeInTheDocument();
    expect(api.replayRequests).toEqual([]);
    fireEvent.click(
      within(dialog).getByRole('button', { name: /^Replay 2 messages$/ }),
    );

    const notice = await screen.findByRole('status', { name: 'Replay' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.replayRequests).toEqual([
      { ids: [uuid(1), uuid(2)], target: { kind: 'original' } },
    ]);
    expect(within(notice).getByText('Replay started')).toBeInTheDocument();
    expect(notice).toHaveTextContent(
      '2 messages in prod to original exchange and routing keys.',
    );
    expect(
      within(notice).getByRole('link', { name: 'View this replay' }),
    ).toHaveAttribute('href', '/dead-letter/replays/job-1');
    expect(
      within(notice).getByRole('progressbar', { name: 'Replay progress' }),
    ).toHaveAttribute('aria-valuenow', '0');
    // The list was loaded again: the two are replaying, no longer unresolved.
    await waitFor(() =>
      expect(screen.queryByTestId(`message-row-${uuid(1)}`)).toBeNull(),
    );
    expect(screen.queryByTestId(`message-row-${uuid(2)}`)).toBeNull();
    expect(api.listRequests.length).toBeGreaterThan(lists);
  });

  it("shows the backend's 403 in the dialog and changes nothing", async () => {
    const api = makeApi();
    const message =
      'You may replay only dead letters of components your squads own: 1 of 2 selected messages belong to components your squads do not own';
    api.replayError = await backendError(403, 'NotAllowedError', message);
    renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    select(uuid(1));
    select(uuid(2));
    const lists = api.listRequests.length;
    fireEvent.click(screen.getByRole('button', { name: /^Replay$/ }));
    fireEvent.click(await dialogButton(/^Replay 2 messages$/));

    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(
      within(dialog).getByText('(403 NotAllowedError)'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Replay' })).toBeNull();
    expect(api.listRequests.length).toBe(lists);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('2 selected')).toBeInTheDocument();
  });

  it('offers replay only for selections with unresolved messages', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod&state=discarded');
    await screen.findByTestId(`message-row-${uuid(3)}`);
    select(uuid(3));
    expect(screen.getByRole('button', { name: /^Replay$/ })).toBeDisabled();
    expect(
      screen.getByTitle('Only unresolved messages can be replayed'),
    ).toBeInTheDocument();
    // Failure groups of discarded messages offer no replay either.
    await screen.findByTestId(`group-row-${group.fingerprint}`);
    expect(
      screen.queryByRole('button', { name: /Replay group/ }),
    ).not.toBeInTheDocument();
  });

  it('replays a failure group by its fingerprint', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod');
    const row = await screen.findByTestId(`group-row-${group.fingerprint}`);
    const lists = api.listRequests.length;
    fireEvent.click(within(row).getByRole('button', { name: /Replay group/ }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Replay failure group',
    });
    expect(dialog).toHaveTextContent(
      'Replay all 1,298 unresolved messages in failure group payments.incoming · rejected · System.TimeoutException in prod.',
    );
    // The row click did not filter the list to the group.
    expect(api.listRequests.length).toBe(lists);
    expect(
      within(dialog).getByText(
        'Straight to payments.incoming, through the default exchange',
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      within(dialog).getByRole('radio', { name: /^The queue it died in/ }),
    );
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: /Rate limit/ }),
      { target: { value: '100' } },
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: /^Replay 1,298 messages$/ }),
    );
    await screen.findByRole('status', { name: 'Replay' });
    expect(api.replayRequests).toEqual([
      {
        filter: { environment: 'prod', group: 'fp-payments-rejected' },
        target: { kind: 'source' },
        ratePerSecond: 100,
      },
    ]);
  });

  it('does not claim a group count that includes other states', async () => {
    const api = makeApi();
    renderBrowser(api, '/dead-letter?environment=prod&state=all');
    const row = await screen.findByTestId(`group-row-${group.fingerprint}`);
    fireEvent.click(within(row).getByRole('button', { name: /Replay group/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Replay all unresolved messages in failure group payments.incoming',
    );
    expect(
      within(dialog).getByRole('button', { name: /^Replay group$/ }),
    ).toBeEnabled();
  });

  it('replays all unresolved messages matching the filters', async () => {
    const api = makeApi();
    renderBrowser(
      api,
      '/dead-letter?environment=prod&queue=payments.incoming&owner=group:default/squad-aura',
    );
    await screen.findByTestId(`message-row-${uuid(1)}`);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Replay all matching' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Replay matching messages',
    });
    expect(
      within(dialog).getByText(
        'Replay all 2 unresolved messages matching the current filters:',
      ),
    ).toBeInTheDocument();
    expect(
      within(within(dialog).getByRole('list', { name: 'Filters' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Environment: prod',
      'Owner: group:default/squad-aura',
      'Source queue: payments.incoming',
    ]);
    fireEvent.click(
      within(dialog).getByRole('button', { name: /^Replay 2 messages$/ }),
    );
    await screen.findByRole('status', { name: 'Replay' });
    expect(api.replayRequests).toEqual([
      {
        filter: {
          environment: 'prod',
          owners: ['group:default/squad-aura'],
          queue: 'payments.incoming',
        },
        target: { kind: 'original' },
      },
    ]);
    expect(api.replayJobs[0].total).toBe(2);
  });

  it('offers "Replay all matching" only for a filtered list of unresolved messages', async () => {
    const api = makeApi();
    const first = renderBrowser(api, '/dead-letter?environment=prod');
    await screen.findByTestId(`message-row-${uuid(1)}`);
    // Not narrowed: that would be every unresolved message of prod.
    expect(
      screen.queryByRole('button', { name: 'Replay all matching' }),
    ).toBeNull();
    first.unmount();

    const second = renderBrowser(
      api,
      '/dead-letter?environment=prod&queue=payments.incoming&state=all',
    );
    await screen.findByTestId(`message-row-${uuid(3)}`);
    // Other states listed: the count would not be what gets replayed.
    expect(
      screen.queryByRole('button', { name: 'Replay all matching' }),
    ).toBeNull();
    second.unmount();

    renderBrowser(api, '/dead-letter?environment=prod&queue=nothing.here');
    await screen.findByText(/No dead letters match these filters/);
    expect(
      screen.queryByRole('button', { name: 'Replay all matching' }),
    ).toBeNull();
  });
});
