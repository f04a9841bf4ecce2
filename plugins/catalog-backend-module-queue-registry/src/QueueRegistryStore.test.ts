import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { QueueRegistryStore, REGISTRY_RESULT_HASH } from './QueueRegistryStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  // The installed catalog's own schema: the sweep reads refresh_state.
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@backstage/plugin-catalog-backend',
      'migrations',
    ),
  });
  const store = await QueueRegistryStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

async function catalogHas(knex: Knex, name: string, queues?: string) {
  const entity = JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: queues ? { 'meridian.bank/rabbitmq-queues': queues } : {},
    },
    spec: { type: 'service', owner: 'squad-aura' },
  });
  await knex('refresh_state')
    .insert({
      entity_id: `id-${name}`,
      entity_ref: `component:default/${name}`,
      unprocessed_entity: entity,
      result_hash: `hash-${name}`,
      errors: '[]',
      next_update_at: new Date(Date.now() + 3600_000),
      last_discovery_at: new Date(),
    })
    .onConflict('entity_id')
    .merge(['unprocessed_entity']);
}

describe.each(databases.eachSupportedId())(
  'QueueRegistryStore on %p',
  databaseId => {
    it('keeps the first claim and records later ones as conflicts', async () => {
      const { store } = await setup(databaseId);
      const claimedAt = new Date('2026-03-01T10:00:00Z');
      expect(
        await store.claim({
          entityRef: 'component:default/Payments',
          queues: ['payments.incoming', 'payments.retry'],
          location: 'url:https://example.com/aura/catalog-info.yaml',
          now: claimedAt,
        }),
      ).toEqual([]);
      expect(
        await store.claim({
          entityRef: 'component:default/0',
          queues: ['payments.incoming', 'attacker.own'],
          location: 'url:https://example.com/evil.yaml',
        }),
      ).toEqual([
        { queue: 'payments.incoming', ownerRef: 'component:default/payments' },
      ]);
      // Claiming again changes nothing, however often it is processed.
      await store.claim({
        entityRef: 'component:default/0',
        queues: ['payments.incoming', 'attacker.own'],
        location: 'url:https://example.com/evil.yaml',
      });

      const { claims, conflicts } = await store.list();
      expect(claims).toEqual([
        {
          queue: 'attacker.own',
          entityRef: 'component:default/0',
          claimedAt: expect.any(String),
          location: 'url:https://example.com/evil.yaml',
        },
        {
          queue: 'payments.incoming',
          entityRef: 'component:default/payments',
          claimedAt: claimedAt.toISOString(),
          location: 'url:https://example.com/aura/catalog-info.yaml',
        },
        {
          queue: 'payments.retry',
          entityRef: 'component:default/payments',
          claimedAt: claimedAt.toISOString(),
          location: 'url:https://example.com/aura/catalog-info.yaml',
        },
      ]);
      expect(conflicts).toEqual([
        {
          queue: 'payments.incoming',
          claimantRef: 'component:default/0',
          ownerRef: 'component:default/payments',
          detectedAt: expect.any(String),
          location: 'url:https://example.com/evil.yaml',
        },
      ]);

      // The claimant gives the queue up: its conflict goes.
      await store.claim({
        entityRef: 'component:default/0',
        queues: ['attacker.own'],
      });
      expect((await store.list()).conflicts).toEqual([]);

      // The owner stops declaring a queue: released.
      await store.claim({
        entityRef: 'component:default/payments',
        queues: ['payments.incoming'],
      });
      expect((await store.list()).claims.map(c => c.queue)).toEqual([
        'attacker.own',
        'payments.incoming',
      ]);
    });

    it('one of many concurrent claimants wins, the others conflict', async () => {
      const { store } = await setup(databaseId);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.claim({
            entityRef: `component:default/c${i}`,
            queues: ['contended'],
          }),
        ),
      );
      expect(results.filter(r => r.length === 0)).toHaveLength(1);
      const { claims, conflicts } = await store.list();
      expect(claims).toHaveLength(1);
      expect(conflicts).toHaveLength(7);
      expect(conflicts.every(c => c.ownerRef === claims[0].entityRef)).toBe(
        true,
      );
    });

    it('reassigns a queue and moves the conflict', async () => {
      const { store } = await setup(databaseId);
      await store.claim({ entityRef: 'component:default/0', queues: ['q'] });
      await store.claim({
        entityRef: 'component:default/payments',
        queues: ['q'],
      });
      expect(
        await store.reassign({
          queue: 'q',
          entityRef: 'component:default/payments',
        }),
      ).toEqual({ previousRef: 'component:default/0' });
      const { claims, conflicts } = await store.list();
      expect(claims).toEqual([
        expect.objectContaining({
          queue: 'q',
          entityRef: 'component:default/payments',
        }),
      ]);
      // The old owner's claim is a conflict when it is processed next.
      expect(
        await store.claim({ entityRef: 'component:default/0', queues: ['q'] }),
      ).toEqual([{ queue: 'q', ownerRef: 'component:default/payments' }]);
      expect(conflicts).toEqual([]);
    });

    it('sweeps claims of entities gone from the catalog and stale conflicts', async () => {
      const { knex, store } = await setup(databaseId);
      await catalogHas(knex, 'payments', 'payments.incoming, payments.retry');
      await catalogHas(knex, 'attacker', 'payments.incoming');
      await store.claim({
        entityRef: 'component:default/payments',
        queues: ['payments.incoming', 'payments.retry'],
      });
      await store.claim({
        entityRef: 'component:default/attacker',
        queues: ['payments.incoming'],
      });
      await store.claim({
        entityRef: 'component:default/deleted',
        queues: ['orphan.queue'],
      });

      expect(await store.sweep()).toEqual({
        released: [
          { queue: 'orphan.queue', entityRef: 'component:default/deleted' },
        ],
        clearedConflicts: 0,
        refreshed: [],
      });

      // The owner leaves the catalog: its queues are free, the claimant's
      // conflict is cleared and it is processed again to claim the queue.
      await knex('refresh_state')
        .where('entity_ref', 'component:default/payments')
        .delete();
      const swept = await store.sweep();
      expect(swept.released.map(r => r.queue).sort()).toEqual([
        'payments.incoming',
        'payments.retry',
      ]);
      expect(swept.clearedConflicts).toBe(1);
      expect(swept.refreshed).toEqual(['component:default/attacker']);
      const row = await knex('refresh_state')
        .where('entity_ref', 'component:default/attacker')
        .first();
      expect(row.result_hash).toBe(REGISTRY_RESULT_HASH);
      expect(await store.list()).toEqual({ claims: [], conflicts: [] });
    });
  },
);
