import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { buildQueueOwners, QueueOwnerIndex } from './QueueOwnerIndex';

function component(name: string, owner: string | undefined): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

const claim = (queue: string, entityRef: string) => ({
  queue,
  entityRef,
  claimedAt: '2026-01-01T00:00:00.000Z',
});

describe('buildQueueOwners', () => {
  it('maps every registered queue to its component and owner', () => {
    const owners = buildQueueOwners(
      [
        claim('a.b.c', 'component:default/payment-initiation-service'),
        claim('l.p.q', 'component:default/ledger-posting-service'),
      ],
      [
        component('payment-initiation-service', 'squad-aura'),
        component('ledger-posting-service', 'group:default/squad-orion'),
      ],
    );
    expect(Object.fromEntries(owners)).toEqual({
      'a.b.c': {
        componentRef: 'component:default/payment-initiation-service',
        ownerRef: 'group:default/squad-aura',
      },
      'l.p.q': {
        componentRef: 'component:default/ledger-posting-service',
        ownerRef: 'group:default/squad-orion',
      },
    });
  });

  it('gives a registered queue of a component without owner no owner', () => {
    const owners = buildQueueOwners(
      [claim('ok.queue', 'component:default/orphan-service')],
      [component('orphan-service', undefined)],
    );
    expect(owners.get('ok.queue')?.ownerRef).toBeUndefined();
  });
});

describe('QueueOwnerIndex', () => {
  it('follows the registry, not whoever declares the queue and sorts first', async () => {
    const victim = component('payments-service', 'squad-aura');
    victim.metadata.annotations = {
      'meridian.bank/rabbitmq-queues': 'payments.incoming',
    };
    const attacker = component('0', 'squad-orion');
    attacker.metadata.annotations = {
      'meridian.bank/rabbitmq-queues': 'payments.incoming, nobody.claims',
    };
    const index = QueueOwnerIndex.create({
      catalog: catalogServiceMock({ entities: [victim, attacker] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      // Aura's component claimed the queue first; the attacker's claim
      // became a conflict, and nobody.claims was never registered.
      registry: mockQueueRegistry({
        claims: [
          claim('payments.incoming', 'component:default/payments-service'),
        ],
        conflicts: [
          {
            queue: 'payments.incoming',
            claimantRef: 'component:default/0',
            ownerRef: 'component:default/payments-service',
            detectedAt: '2026-01-02T00:00:00.000Z',
          },
        ],
      }),
    });
    expect(await index.refresh()).toBe(true);
    expect(index.lookup('payments.incoming')).toEqual({
      componentRef: 'component:default/payments-service',
      ownerRef: 'group:default/squad-aura',
    });
    expect(index.lookup('nobody.claims')).toBeUndefined();
    expect(index.conflicts()).toEqual([
      expect.objectContaining({ claimantRef: 'component:default/0' }),
    ]);
    expect(await index.refresh()).toBe(false);
  });
});
