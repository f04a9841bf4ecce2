import request from 'supertest';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  ReconstitutionEventSource,
  reconstitutionEventSourcesExtensionPoint,
  SourcedEvent,
} from '@internal/backstage-plugin-reconstitution-node';
import { RECEIVER_REF, startApi } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

/** A producer's own event store, as a module would add it. */
const ledgerStore: ReconstitutionEventSource = {
  id: 'ledger-store',
  async producers() {
    return [
      {
        source: 'ledger-store',
        environment: 'dev',
        domain: 'ledger',
        entityType: 'journal',
        eventNames: ['JournalPosted'],
        events: 3,
        firstOccurredAt: '2026-11-01T00:00:00.000Z',
        lastOccurredAt: '2026-11-03T00:00:00.000Z',
      },
    ];
  },
  async dryRun(selection) {
    const matching = selection.entityIds
      ? selection.entityIds.filter(id => ['j-1', 'j-2', 'j-3'].includes(id))
      : ['j-1', 'j-2', 'j-3'];
    return {
      total: matching.length,
      byEventName: [{ eventName: 'JournalPosted', count: matching.length }],
      sample: [],
    };
  },
  async read() {
    return { events: [] as SourcedEvent[], done: true };
  },
};

const ledgerModule = createBackendModule({
  pluginId: 'reconstitution',
  moduleId: 'ledger-store',
  register(reg) {
    reg.registerInit({
      deps: { sources: reconstitutionEventSourcesExtensionPoint },
      async init({ sources }) {
        sources.addEventSource(ledgerStore);
      },
    });
  },
});

describe('event sources from modules', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('lists their producers, dry-runs and creates jobs on them', async () => {
    const knex = await databases.init('SQLITE_3');
    const { backend } = await startApi({ knex, features: [ledgerModule] });
    const api = request(backend.server);
    try {
      const producers = await api.get('/api/reconstitution/producers');
      expect(producers.body.items).toEqual([
        expect.objectContaining({ source: 'ledger-store', domain: 'ledger' }),
      ]);
      const selection = {
        source: 'ledger-store',
        environment: 'dev',
        domain: 'ledger',
        entityType: 'journal',
      };
      const dryRun = await api
        .post('/api/reconstitution/dry-run')
        .send({ ...selection, entityIds: ['j-2', 'j-9'] });
      expect(dryRun.body.total).toBe(1);
      const created = await api.post('/api/reconstitution/jobs').send({
        ...selection,
        receiver: { entityRef: RECEIVER_REF, queue: 'party-read-model.events' },
      });
      expect(created.status).toBe(201);
      expect(created.body.job).toMatchObject({
        source: 'ledger-store',
        progress: { matched: 3 },
      });
      // The archive knows nothing of this producer.
      const archiveOnly = await api.post('/api/reconstitution/jobs').send({
        ...selection,
        source: undefined,
        receiver: { entityRef: RECEIVER_REF, queue: 'party-read-model.events' },
      });
      expect(archiveOnly.status).toBe(400);
      expect(archiveOnly.body.error.message).toMatch(
        /domain: unknown producer/,
      );
    } finally {
      await backend.stop();
    }
  });
});
