import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { backendError } from '../testing';
import { useConfirmedAction } from './useConfirmedAction';

type Job = { id: string; left: number };
const job: Job = { id: 'j1', left: 3 };

function Harness(props: {
  act: (job: Job) => Promise<unknown>;
  onChanged?: () => void;
}) {
  const { request, dialog } = useConfirmedAction<Job>({
    ...props,
    title: 'Cancel this job?',
    describe: it => `${it.left} events of ${it.id} are not sent.`,
    titleId: 'test-cancel-title',
    errorTitle: 'Could not cancel the job',
    labels: {
      confirm: 'Cancel job',
      busy: 'Cancelling…',
      keep: 'Keep running',
    },
  });
  return (
    <>
      <button onClick={() => request(job)}>open</button>
      {dialog}
    </>
  );
}

describe('useConfirmedAction', () => {
  it('acts after confirmation, then closes and reports the change', async () => {
    const act = jest.fn(async () => undefined);
    const onChanged = jest.fn();
    render(<Harness act={act} onChanged={onChanged} />);
    await userEvent.click(screen.getByText('open'));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this job?' });
    expect(dialog).toHaveTextContent('3 events of j1 are not sent.');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel job' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(act).toHaveBeenCalledWith(job);
    await waitFor(() =>
      expect(screen.queryByText('Cancel this job?')).not.toBeInTheDocument(),
    );
  });

  it('closes without acting', async () => {
    const act = jest.fn(async () => undefined);
    render(<Harness act={act} />);
    await userEvent.click(screen.getByText('open'));
    await userEvent.click(screen.getByRole('button', { name: 'Keep running' }));
    await waitFor(() =>
      expect(screen.queryByText('Cancel this job?')).not.toBeInTheDocument(),
    );
    expect(act).not.toHaveBeenCalled();
  });

  it('shows a refusal in the dialog, which then only closes', async () => {
    const refusal = await backendError(409, 'ConflictError', 'Job j1 ended');
    const onChanged = jest.fn();
    render(
      <Harness
        act={async () => Promise.reject(refusal)}
        onChanged={onChanged}
      />,
    );
    await userEvent.click(screen.getByText('open'));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel job' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not cancel the job');
    expect(alert).toHaveTextContent('Job j1 ended (409 ConflictError)');
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(
      screen.queryByRole('button', { name: 'Cancel job' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByText('Cancel this job?')).not.toBeInTheDocument(),
    );
  });
});
