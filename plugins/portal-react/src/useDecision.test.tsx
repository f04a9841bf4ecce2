import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { backendError } from './testing';
import { DecisionKind, useDecision } from './useDecision';

type Item = { id: string; state: string };
const item: Item = { id: 'r1', state: 'awaiting-approval' };

function Harness(props: {
  decide: (kind: DecisionKind, item: Item, reason: string) => Promise<Item>;
  onDecided?: (item: Item) => void;
  onChanged?: () => void;
}) {
  const { approve, refuse, dialog } = useDecision<Item>({
    ...props,
    describe: (it, approving) =>
      `${it.id}: ${approving ? 'runs as asked' : 'never runs'}`,
    noun: 'request',
    idPrefix: 'test',
    maxReasonLength: 10,
    renderError: (title, error) => (
      <div role="alert">
        {title}: {error.message}
      </div>
    ),
    confirmLabels: { approve: 'Approve it', refuse: 'Refuse it' },
  });
  return (
    <>
      <button onClick={() => approve(item)}>open approve</button>
      <button onClick={() => refuse(item)}>open refuse</button>
      {dialog}
    </>
  );
}

// Typing into MUI fields re-renders on every key: slow on a loaded machine.
jest.setTimeout(20_000);

describe('useDecision', () => {
  it('approves after confirmation and hands back the decided item', async () => {
    const decided = { ...item, state: 'approved' };
    const decide = jest.fn(async () => decided);
    const onDecided = jest.fn();
    const onChanged = jest.fn();
    render(
      <Harness decide={decide} onDecided={onDecided} onChanged={onChanged} />,
    );
    await userEvent.click(screen.getByText('open approve'));
    expect(screen.getByText('Approve this request?')).toBeInTheDocument();
    expect(screen.getByText('r1: runs as asked')).toBeInTheDocument();
    expect(screen.queryByLabelText(/Reason/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Approve it' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalledWith(decided));
    expect(decide).toHaveBeenCalledWith('approve', item, '');
    expect(onChanged).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(
        screen.queryByText('Approve this request?'),
      ).not.toBeInTheDocument(),
    );
  });

  it('refuses only with a trimmed reason within the limit', async () => {
    const decide = jest.fn(async () => ({ ...item, state: 'refused' }));
    render(<Harness decide={decide} />);
    await userEvent.click(screen.getByText('open refuse'));
    expect(screen.getByText('Refuse this request?')).toBeInTheDocument();
    const confirm = screen.getByRole('button', { name: 'Refuse it' });
    expect(confirm).toBeDisabled();
    const reason = screen.getByLabelText(/Reason/);
    await userEvent.type(reason, 'far too long a reason');
    expect(screen.getByText('At most 10 characters')).toBeInTheDocument();
    expect(confirm).toBeDisabled();
    await userEvent.clear(reason);
    await userEvent.type(reason, '  no  ');
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith('refuse', item, 'no'),
    );
  });

  it("shows the backend's refusal in the dialog and keeps it open", async () => {
    const decide = jest.fn(async () => {
      throw new Error('You asked for this request');
    });
    const onDecided = jest.fn();
    const onChanged = jest.fn();
    render(
      <Harness decide={decide} onDecided={onDecided} onChanged={onChanged} />,
    );
    await userEvent.click(screen.getByText('open approve'));
    await userEvent.click(screen.getByRole('button', { name: 'Approve it' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not approve the request: You asked for this request',
    );
    expect(onDecided).not.toHaveBeenCalled();
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(
      screen.queryByRole('button', { name: 'Approve it' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
  });

  it('shows the refusal in an ErrorNotice when the plugin renders none', async () => {
    const refusal = await backendError(409, 'ConflictError', 'Already decided');
    function Plain() {
      const { refuse, dialog } = useDecision<Item>({
        decide: async () => Promise.reject(refusal),
        describe: it => it.id,
        noun: 'job',
        idPrefix: 'plain',
        maxReasonLength: 10,
      });
      return (
        <>
          <button onClick={() => refuse(item)}>open refuse</button>
          {dialog}
        </>
      );
    }
    render(<Plain />);
    await userEvent.click(screen.getByText('open refuse'));
    await userEvent.type(screen.getByLabelText(/Reason/), 'late');
    await userEvent.click(screen.getByRole('button', { name: 'Refuse' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not refuse the job');
    expect(alert).toHaveTextContent('Already decided (409 ConflictError)');
  });
});
