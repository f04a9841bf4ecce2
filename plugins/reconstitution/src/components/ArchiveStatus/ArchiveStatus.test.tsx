import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { makeArchiveStatus } from '../../testing/FakeReconstitutionApi';
import { ArchiveStatusList } from './ArchiveStatus';

describe('ArchiveStatusList', () => {
  it('shows parked events with their latest reasons, as text', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"> refused';
    await renderInTestApp(
      <ArchiveStatusList
        items={[
          makeArchiveStatus({ environment: 'dev' }),
          makeArchiveStatus({
            environment: 'prod',
            parked: 3,
            recentParked: [
              {
                exchange: 'integration-events',
                routingKey: 'payments.payment.<b>Settled</b>',
                receivedAt: new Date().toISOString(),
                parkedAt: new Date().toISOString(),
                reason: hostile,
              },
            ],
          }),
        ]}
      />,
    );
    expect(screen.queryByTestId('archive-parked-dev')).toBeNull();
    const parked = screen.getByTestId('archive-parked-prod');
    expect(parked).toHaveTextContent(
      '3 events parked: the archive could not store them and kept them aside; archiving goes on.',
    );
    const reasons = within(parked).getByRole('list', {
      name: 'Latest parked events',
    });
    expect(reasons).toHaveTextContent(hostile);
    expect(reasons).toHaveTextContent(
      'integration-events (payments.payment.<b>Settled</b>)',
    );
    // Inert: the markup is text, never elements.
    expect(parked.querySelector('img')).toBeNull();
    expect(parked.querySelector('b')).toBeNull();
  });
});
