import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { backendError } from '../testing';
import { ErrorNotice } from './ErrorNotice';

describe('ErrorNotice', () => {
  it('shows the title, the backend’s message and its status, and retries', async () => {
    const onRetry = jest.fn();
    render(
      <ErrorNotice
        title="Could not load the jobs"
        error={await backendError(400, 'InputError', 'limit: too big')}
        onRetry={onRetry}
        data-testid="jobs-error"
      />,
    );
    const alert = screen.getByTestId('jobs-error');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent(
      'Could not load the jobslimit: too big (400 InputError)',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('offers a close button when there is no retry', async () => {
    const onDismiss = jest.fn();
    render(<ErrorNotice error={new Error('boom')} onDismiss={onDismiss} />);
    expect(screen.getByRole('alert')).toHaveTextContent('boom');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
  });

  it('adds the hint only when the backend said no', async () => {
    const hint = 'Ask the platform team for access.';
    const { rerender } = render(
      <ErrorNotice
        error={await backendError(403, 'NotAllowedError', 'Unauthorized')}
        forbiddenHint={hint}
      />,
    );
    expect(screen.getByText(hint)).toBeInTheDocument();
    rerender(
      <ErrorNotice
        error={await backendError(500, 'Error', 'database down')}
        forbiddenHint={hint}
      />,
    );
    expect(screen.queryByText(hint)).not.toBeInTheDocument();
  });
});
