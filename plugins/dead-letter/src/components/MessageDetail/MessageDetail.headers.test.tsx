import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { MessageDetail } from './MessageDetail';

jest.setTimeout(20_000);

function renderDetail(headers: Record<string, unknown>) {
  const api = new FakeDeadLetterApi({
    messages: [makeMessage({ id: 'h1', headers })],
  });
  return renderInTestApp(
    <MessageDetail
      id="h1"
      messageHref={other => `/dead-letter/messages/${other}`}
    />,
    {
      apis: [[deadLetterApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('MessageDetail headers', () => {
  it('shows AMQP timestamps in x-death as dates, not the client encoding', async () => {
    await renderDetail({
      'x-death': [
        {
          count: 1,
          queue: 'orders',
          reason: 'rejected',
          time: { '!': 'timestamp', value: 1796603500 },
        },
      ],
    });
    const table = await screen.findByRole('table', { name: 'Headers' });
    expect(table.textContent).toContain('"time": "2026-12-07T00:31:40Z"');
    expect(table.textContent).not.toContain('"!"');
  });

  it('collapses a long value behind "Show all" and expands it on request', async () => {
    const long = `${'a'.repeat(1_990)}-the-end`;
    await renderDetail({ 'x-trace': long, short: 'kept' });
    const table = await screen.findByRole('table', { name: 'Headers' });
    expect(table.textContent).toContain('kept');
    expect(table.textContent).not.toContain('-the-end');
    const toggle = within(table).getByRole('button', {
      name: 'Show all of x-trace',
    });
    expect(toggle).toHaveTextContent('Show all (1,998 characters)');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    fireEvent.click(toggle);
    expect(table.textContent).toContain(long);
    const less = within(table).getByRole('button', {
      name: 'Show less of x-trace',
    });
    expect(less).toHaveAttribute('aria-expanded', 'true');

    fireEvent.click(less);
    expect(table.textContent).not.toContain('-the-end');
    // Only the long value has a toggle.
    expect(within(table).getAllByRole('button')).toHaveLength(1);
  });
});
