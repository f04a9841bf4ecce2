import { Entity } from '@backstage/catalog-model';
import {
  CatalogConventionsProcessor,
  checkQueueAnnotation,
} from './catalogConventions';

const processor = new CatalogConventionsProcessor();

function domain(spec: Record<string, unknown>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'payments' },
    spec: { owner: 'squad-aura', ...spec },
  };
}

describe('CatalogConventionsProcessor', () => {
  it('accepts a domain with a tier and a colony', async () => {
    const entity = domain({ tier: 1, colony: 'colony-payments' });
    await expect(processor.preProcessEntity(entity)).resolves.toBe(entity);
  });

  it.each([[undefined], [0], [4], ['1'], [1.5]])(
    'rejects a domain with tier %p',
    async tier => {
      await expect(
        processor.preProcessEntity(domain({ tier, colony: 'colony-payments' })),
      ).rejects.toThrow(/spec\.tier set to 1, 2 or 3/);
    },
  );

  it('rejects a domain without a colony', async () => {
    await expect(
      processor.preProcessEntity(domain({ tier: 2 })),
    ).rejects.toThrow(/spec\.colony/);
  });

  it('rejects a component whose queue annotation does not parse', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'ledger-posting-service',
        annotations: {
          'meridian.bank/rabbitmq-queues': 'payments.ledger.events, bad queue',
        },
      },
      spec: { type: 'service', owner: 'squad-orion', lifecycle: 'production' },
    };
    await expect(processor.preProcessEntity(entity)).rejects.toThrow(
      /invalid queue names: bad queue/,
    );
  });
});

describe('checkQueueAnnotation', () => {
  it('splits, trims and drops empty entries', () => {
    expect(checkQueueAnnotation(' a.b.c ,d.e.f,, ')).toEqual([
      'a.b.c',
      'd.e.f',
    ]);
  });

  it('rejects an annotation that names no queue', () => {
    expect(() => checkQueueAnnotation(' , ')).toThrow(/names no queue/);
  });
});
