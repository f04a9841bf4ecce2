import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { deadLetterApiRef } from '../../api';
import { FakeDeadLetterApi } from '../../testing/FakeDeadLetterApi';
import { QueueConflicts } from './QueueConflicts';

function render(api: FakeDeadLetterApi) {
  return renderInTestApp(<QueueConflicts />, {
    apis: [
      [deadLetterApiRef, api],
      [
        catalogApiRef,
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'squad-aura', title: 'Squad Aura' },
              spec: { type: 'squad', children: [] },
            },
          ],
        }),
      ],
    ],
  });
}

jest.setTimeout(20_000);

describe('QueueConflicts', () => {
  it('warns about each rejected claim, naming the owner squad', async () => {
    const api = new FakeDeadLetterApi();
    api.queueConflicts = [
      {
        queue: 'ledger.postings.in',
        claimantRef: 'component:default/0',
        ownerRef: 'component:default/ledger-posting-service',
        ownerGroupRef: 'group:default/squad-aura',
        detectedAt: '2026-01-02T00:00:00.000Z',
      },
      {
        queue: 'orphan.queue',
        claimantRef: 'component:default/copycat',
        ownerRef: 'component:default/orphan-service',
        detectedAt: '2026-01-02T00:00:00.000Z',
      },
    ];
    await render(api);
    expect(
      await screen.findByText(
        'Queue ledger.postings.in is claimed by component:default/0, but it is registered to component:default/ledger-posting-service (Squad Aura); the claim was rejected',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Queue orphan.queue is claimed by component:default/copycat, but it is registered to component:default/orphan-service; the claim was rejected',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('alert')).toHaveLength(2);
  });

  it('renders catalog-controlled text inert', async () => {
    const api = new FakeDeadLetterApi();
    const hostile = '<img src=x onerror="alert(1)">';
    api.queueConflicts = [
      {
        queue: 'ledger.postings.in',
        claimantRef: `component:default/${hostile}`,
        ownerRef: 'component:default/ledger-posting-service',
        detectedAt: '2026-01-02T00:00:00.000Z',
      },
    ];
    const { container } = await render(api);
    expect(
      await screen.findByText(new RegExp(`claimed by component:default/<img`)),
    ).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows nothing without conflicts', async () => {
    const api = new FakeDeadLetterApi();
    const asked = jest.spyOn(api, 'getQueueConflicts');
    const { container } = await render(api);
    await waitFor(() => expect(asked).toHaveBeenCalled());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(container.textContent).toBe('');
  });
});
