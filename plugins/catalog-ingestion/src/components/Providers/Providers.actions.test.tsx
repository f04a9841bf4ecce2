import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogIngestionApiRef } from '../../api';
import {
  backendError,
  FakeCatalogIngestionApi,
  makeMarks,
} from '../../testing/FakeCatalogIngestionApi';
import { fakeCatalog } from '../../testing/fakeCatalog';
import { Providers } from './Providers';

const MERIDIAN = 'github-repos-meridian';

function setup(
  status: { currentAction: string; nextActionAt?: string } = {
    currentAction: 'interstitial',
  },
) {
  const api = new FakeCatalogIngestionApi({
    providers: {
      [MERIDIAN]: { status, marks: makeMarks(3) },
      'github-repos-labs': {
        status: { currentAction: 'bursting' },
        marks: makeMarks(1),
      },
    },
  });
  const permission = mockApis.permission();
  renderInTestApp(<Providers />, {
    apis: [
      [catalogIngestionApiRef, api],
      [catalogApiRef, fakeCatalog({ [MERIDIAN]: { Component: 250 } })],
      permission,
    ],
  });
  return api;
}

async function open(action: string, provider = MERIDIAN) {
  const card = await screen.findByRole('region', { name: provider });
  fireEvent.click(
    within(card).getByRole('button', { name: `${action} ${provider}` }),
  );
  return screen.findByRole('dialog', { name: `${action} ${provider}?` });
}

jest.setTimeout(30_000);

describe('Providers actions', () => {
  it.each([
    ['Trigger', 'trigger', `${MERIDIAN}: Next action triggered.`],
    ['Pause', 'cancel', `${MERIDIAN}: Current ingestion canceled.`],
    ['Resume', 'start', `${MERIDIAN}: Next cycle triggered.`],
  ])(
    '%s asks first, then calls %s for that provider only and says what the backend answered',
    async (label, action, answer) => {
      const api = setup();
      const dialog = await open(label);
      // Nothing is sent before confirming.
      expect(api.calls).toEqual([]);
      const lists = api.listRequests;
      fireEvent.click(within(dialog).getByRole('button', { name: label }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(api.calls).toEqual([{ action, provider: MERIDIAN }]);
      expect(await screen.findByText(answer)).toBeInTheDocument();
      // Read again at once, not at the next poll.
      await waitFor(() => expect(api.listRequests).toBeGreaterThan(lists));
    },
  );

  it('sends nothing when the dialog is cancelled', async () => {
    const api = setup();
    for (const label of ['Trigger', 'Pause', 'Resume', 'Reset']) {
      const dialog = await open(label);
      fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    }
    expect(api.calls).toEqual([]);
  });

  it('says in the dialog what the action does in the provider’s state', async () => {
    setup();
    let dialog = await open('Resume');
    expect(dialog).toHaveTextContent(
      'A cycle is under way (3 pages). Resume ends it and starts a new cycle from the first page, so the pages read so far are read again.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    dialog = await open('Pause');
    expect(dialog).toHaveTextContent(
      `Stops the current cycle of ${MERIDIAN} (3 pages) before its end.`,
    );
    expect(dialog).toHaveTextContent('the engine waits for Resume');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    dialog = await open('Trigger');
    expect(dialog).toHaveTextContent('Trigger changes nothing');
  });

  it('resets only once the provider’s name is typed', async () => {
    const api = setup();
    // Wait for the count, which the dialog names.
    await screen.findByText('250 entities');
    const dialog = await open('Reset');
    expect(dialog).toHaveTextContent(
      `Deletes everything the ingestion engine stored about ${MERIDIAN}`,
    );
    expect(dialog).toHaveTextContent(
      'Its 250 entities stay in the catalog: the backend does not remove them',
    );
    expect(dialog).toHaveTextContent(
      'entities whose source is gone before the next cycle reads it are never removed automatically',
    );
    expect(dialog).toHaveTextContent('rests for 24 hours');
    const confirm = within(dialog).getByRole('button', { name: 'Reset' });
    const field = within(dialog).getByRole('textbox', {
      name: `Type ${MERIDIAN} to confirm`,
    });
    expect(confirm).toBeDisabled();

    fireEvent.change(field, { target: { value: 'github-repos' } });
    expect(confirm).toBeDisabled();
    // Enter in the field does not get around it.
    fireEvent.submit(field.closest('form')!);
    fireEvent.change(field, { target: { value: 'github-repos-labs' } });
    expect(confirm).toBeDisabled();
    expect(api.calls).toEqual([]);

    fireEvent.change(field, { target: { value: MERIDIAN } });
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls).toEqual([{ action: 'reset', provider: MERIDIAN }]);
    expect(
      await screen.findByText(
        `${MERIDIAN} reset: deleted 1 ingestion record, 3 pages and 300 entity records. It rests for 24 hours; Resume starts it now.`,
      ),
    ).toBeInTheDocument();
    // Reset leaves it resting without pages: paused.
    await waitFor(() =>
      expect(
        within(screen.getByRole('region', { name: MERIDIAN })).getByTestId(
          'provider-state',
        ),
      ).toHaveTextContent('Paused'),
    );
  });

  it('keeps the dialog open with the backend’s refusal', async () => {
    const refusal = await backendError(403, 'NotAllowedError', 'Unauthorized');
    const api = setup();
    api.failures.cancelIngestion = refusal;
    const dialog = await open('Pause');
    const lists = api.listRequests;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));
    const alert = await within(dialog).findByRole('alert');
    // The providers are read again all the same: something may have changed.
    await waitFor(() => expect(api.listRequests).toBeGreaterThan(lists));
    expect(alert).toHaveTextContent(`Could not pause ${MERIDIAN}`);
    expect(alert).toHaveTextContent('Unauthorized (403 NotAllowedError)');
    expect(alert).toHaveTextContent(
      'Managing ingestion needs the catalog.ingestion.manage permission',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows that it is busy and blocks the provider’s other actions meanwhile', async () => {
    const api = setup();
    api.hold();
    const dialog = await open('Resume');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resume' }));
    const busy = await within(dialog).findByRole('button', {
      name: 'Resuming…',
    });
    expect(busy).toBeDisabled();
    expect(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    ).toBeDisabled();
    expect(
      within(dialog).getByRole('progressbar', { name: 'Resuming…' }),
    ).toBeInTheDocument();
    await act(async () => api.release());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      screen.getByRole('button', { name: `Reset ${MERIDIAN}` }),
    ).toBeEnabled();
  });

  it('shows the backend’s answer when nothing happened', async () => {
    const api = setup({ currentAction: 'rest complete, waiting to start' });
    jest.spyOn(api, 'triggerNextAction').mockResolvedValue({
      message: 'Unable to trigger next action (provider is restarting)',
    });
    const dialog = await open('Trigger');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Trigger' }));
    const answer = await screen.findByText(
      'Unable to trigger next action (provider is restarting)',
    );
    expect(answer.closest('.MuiAlert-root')).toHaveClass('MuiAlert-filledInfo');
  });
});
