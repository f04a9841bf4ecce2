import { render, screen } from '@testing-library/react';
import {
  DateOnly,
  DateTime,
  RelativeAndAbsolute,
  RelativeTime,
} from './Timestamp';

describe('timestamps', () => {
  const local = new Date(2024, 4, 1, 9, 5, 7);
  const iso = local.toISOString();

  it('shows a dash for no time', () => {
    for (const Component of [
      RelativeTime,
      DateTime,
      DateOnly,
      RelativeAndAbsolute,
    ]) {
      const { unmount } = render(<Component value={undefined} />);
      expect(screen.getByText('—')).toBeInTheDocument();
      unmount();
    }
  });

  it('shows the local time, with the UTC time on hover', () => {
    render(<DateTime value={iso} />);
    const time = screen.getByText('2024-05-01 09:05:07');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', iso);
    expect(time).toHaveAttribute('title', iso);
  });

  it('shows the local date', () => {
    render(<DateOnly value={iso} />);
    expect(screen.getByText('2024-05-01')).toHaveAttribute('title', iso);
  });

  it('shows how long ago, with the exact times on hover', () => {
    const recent = new Date(Date.now() - 5 * 60_000);
    render(<RelativeTime value={recent.toISOString()} />);
    const time = screen.getByText('5 minutes ago');
    expect(time.getAttribute('title')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(.*Z\)$/,
    );
  });

  it('shows how long ago and the local time', () => {
    const soon = new Date(Date.now() + 3 * 3600_000 + 10_000);
    render(<RelativeAndAbsolute value={soon.toISOString()} />);
    expect(screen.getByText(/^in 3 hours \(\d{4}-\d{2}-\d{2} /)).toBeVisible();
  });
});
