import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  makeAuditEntry,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { DeadLetterPage } from './DeadLetterPage';

describe('DeadLetterPage', () => {
  it('switches between the messages and the audit log', async () => {
    const api = new FakeDeadLetterApi({
      messages: [makeMessage({ id: 'm1', environment: 'dev' })],
      audit: [makeAuditEntry({ id: 'e1', details: 'first entry' })],
    });
    renderInTestApp(<DeadLetterPage />, {
      apis: [[deadLetterApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByTestId('message-row-m1')).toBeInTheDocument();
    expect(api.auditRequests).toEqual([]);

    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    expect(await screen.findByTestId('audit-row-e1')).toBeInTheDocument();
    expect(screen.getByText('first entry')).toBeInTheDocument();
    expect(screen.queryByTestId('message-row-m1')).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: 'Messages' }));
    expect(await screen.findByTestId('message-row-m1')).toBeInTheDocument();
  });
});
