import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { makeMessage } from '../../testing/FakeDeadLetterApi';
import { MessagesTable, MessagesTableProps } from './MessagesTable';

const owned = makeMessage({
  id: 'a1',
  sourceQueue: 'payments.incoming',
  reason: 'rejected',
  messageType: 'PaymentCreated',
  exceptionType: 'System.TimeoutException',
  bodySize: 2048,
});
const unowned = makeMessage({
  id: 'b2',
  sourceQueue: 'legacy.queue',
  reason: 'expired',
  messageType: undefined,
  componentRef: undefined,
  ownerRef: undefined,
  state: 'discarded',
  bodySize: 12,
});

function renderTable(overrides: Partial<MessagesTableProps> = {}) {
  const props: MessagesTableProps = {
    items: [owned, unowned],
    loading: false,
    hasMore: false,
    loadingMore: false,
    onLoadMore: jest.fn(),
    messageHref: id => `/dead-letter?message=${id}`,
    onOpen: jest.fn(),
    totalEstimate: 2,
    ...overrides,
  };
  renderInTestApp(<MessagesTable {...props} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return props;
}

describe('MessagesTable', () => {
  it('renders a row per message with its columns', async () => {
    renderTable();
    const row = await screen.findByTestId('message-row-a1');
    const cells = within(row);
    expect(cells.getByText('payments.incoming')).toBeInTheDocument();
    expect(cells.getByText('rejected')).toBeInTheDocument();
    expect(cells.getByText('System.TimeoutException')).toBeInTheDocument();
    expect(cells.getByText('PaymentCreated')).toBeInTheDocument();
    expect(cells.getByText('2.0 KiB')).toBeInTheDocument();
    expect(cells.getByText('unresolved')).toBeInTheDocument();
    expect(cells.getByText('5 minutes ago')).toBeInTheDocument();
    expect(cells.getByRole('link', { name: '5 minutes ago' })).toHaveAttribute(
      'href',
      '/dead-letter?message=a1',
    );
  });

  it('links owners and components to the catalog, and marks unowned messages', async () => {
    renderTable();
    const ownedRow = within(await screen.findByTestId('message-row-a1'));
    expect(ownedRow.getByRole('link', { name: /squad-aura/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/squad-aura',
    );
    expect(
      ownedRow.getByRole('link', { name: /payments-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');

    const unownedRow = within(screen.getByTestId('message-row-b2'));
    expect(unownedRow.getByText('unowned')).toBeInTheDocument();
    expect(unownedRow.queryByRole('link', { name: /squad/ })).toBeNull();
    expect(unownedRow.getByText('discarded')).toBeInTheDocument();
  });

  it('opens a message when its row is clicked', async () => {
    const props = renderTable();
    fireEvent.click(
      within(await screen.findByTestId('message-row-b2')).getByText(
        'legacy.queue',
      ),
    );
    expect(props.onOpen).toHaveBeenCalledWith('b2');
  });

  it('selects rows one by one or all at once, for bulk actions', async () => {
    const selectionActions = jest.fn(selected => (
      <span>
        actions for {selected.map((s: { id: string }) => s.id).join(',')}
      </span>
    ));
    const props = renderTable({ selectionActions });
    fireEvent.click(
      await screen.findByRole('checkbox', { name: 'Select message a1' }),
    );
    expect(screen.getByText('1 selected')).toBeInTheDocument();
    expect(screen.getByText('actions for a1')).toBeInTheDocument();
    // Ticking a box does not open the message.
    expect(props.onOpen).not.toHaveBeenCalled();

    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Select all listed messages' }),
    );
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    expect(screen.getByText('actions for a1,b2')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByText(/selected/)).toBeNull();
  });

  it('offers "Load more" while there are more pages', async () => {
    const props = renderTable({ hasMore: true, totalEstimate: 120 });
    expect(await screen.findByText('(2 of 120)')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(props.onLoadMore).toHaveBeenCalledTimes(1);
  });

  it('marks a count the backend stopped at as a lower bound', async () => {
    renderTable({ hasMore: true, totalEstimate: 10000, totalCapped: true });
    expect(await screen.findByText('(2 of 10,000+)')).toBeInTheDocument();
  });

  it('says when all messages are shown', async () => {
    renderTable();
    expect(
      await screen.findByText('All 2 matching messages are shown.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows the empty state', async () => {
    renderTable({
      items: [],
      emptyContent: <span>No unresolved dead letters in prod.</span>,
    });
    expect(
      await screen.findByText('No unresolved dead letters in prod.'),
    ).toBeInTheDocument();
  });

  it('shows errors with a retry', async () => {
    const onRetry = jest.fn();
    renderTable({
      items: [],
      error: new Error('Invalid request: from: must be an ISO 8601 date-time'),
      onRetry,
    });
    expect(
      await screen.findByText(/from: must be an ISO 8601 date-time/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('shows a failed "Load more" without losing the rows', async () => {
    renderTable({ hasMore: true, loadMoreError: new Error('Bad gateway') });
    expect(
      await screen.findByText('Could not load more: Bad gateway'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('message-row-a1')).toBeInTheDocument();
  });
});
