import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { DryRunResultView } from './DryRunResultView';

describe('DryRunResultView', () => {
  it('shows the sample as metadata and says payloads are never shown', async () => {
    await renderInTestApp(
      <DryRunResultView
        result={{
          total: 1,
          byEventName: [{ eventName: 'PartyUpdated', count: 1 }],
          sample: [
            {
              environment: 'prod',
              domain: 'organisation',
              entityType: 'organisation-party',
              messageId: 'm-1',
              entityId: '<img src=x onerror=alert(1)>',
              eventName: 'PartyUpdated',
              occurredAt: '2026-11-20T10:00:00Z',
              exchange: 'integration-events',
              routingKey: 'organisation.organisation-party.x',
            },
          ],
        }}
      />,
    );
    expect(
      screen.getByText(/Payloads and headers are never shown here/),
    ).toBeInTheDocument();
    // Inert: the entity id is text, not markup.
    expect(
      screen.getByText('<img src=x onerror=alert(1)>'),
    ).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });
});
