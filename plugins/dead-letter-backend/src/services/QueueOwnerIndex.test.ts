import { Entity } from '@backstage/catalog-model';
import { buildQueueOwners } from './QueueOwnerIndex';

function component(
  name: string,
  owner: string | undefined,
  queues: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'meridian.bank/rabbitmq-queues': queues },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

describe('buildQueueOwners', () => {
  it('maps every declared queue to its component and owner', () => {
    const owners = buildQueueOwners([
      component('payment-initiation-service', 'squad-aura', 'a.b.c, a.b.d'),
      component('ledger-posting-service', 'group:default/squad-orion', 'l.p.q'),
    ]);
    expect(Object.fromEntries(owners)).toEqual({
      'a.b.c': {
        componentRef: 'component:default/payment-initiation-service',
        ownerRef: 'group:default/squad-aura',
      },
      'a.b.d': {
        componentRef: 'component:default/payment-initiation-service',
        ownerRef: 'group:default/squad-aura',
      },
      'l.p.q': {
        componentRef: 'component:default/ledger-posting-service',
        ownerRef: 'group:default/squad-orion',
      },
    });
  });

  it('keeps the first claim of a queue declared twice, whatever the order', () => {
    const a = component('alpha-service', 'squad-aura', 'shared.queue');
    const b = component('beta-service', 'squad-orion', 'shared.queue');
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as any;
    expect(buildQueueOwners([b, a], logger).get('shared.queue')).toEqual({
      componentRef: 'component:default/alpha-service',
      ownerRef: 'group:default/squad-aura',
    });
    expect(warnings).toHaveLength(1);
  });

  it('ignores invalid queue names and keeps components without owner', () => {
    const owners = buildQueueOwners([
      component('orphan-service', undefined, 'ok.queue, not ok'),
    ]);
    expect([...owners.keys()]).toEqual(['ok.queue']);
    expect(owners.get('ok.queue')?.ownerRef).toBeUndefined();
  });
});
