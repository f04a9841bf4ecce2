import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { fuzzRoutes, summarizeFailures } from '@internal/portal-test-utils';
import { randomUUID } from 'node:crypto';
import {
  partyEvents,
  RECEIVER_REF,
  startApi,
} from '../__testUtils__/testBackend';
import { EventArchiveStore } from '../database/EventArchiveStore';

jest.setTimeout(300_000);

const SELECTION = {
  environment: 'dev',
  domain: 'organisation',
  entityType: 'organisation-party',
  from: '2026-11-20T10:00:00Z',
  to: '2026-11-21T10:00:00Z',
  entityIds: ['party-1'],
  eventNames: ['PartyUpdated'],
};

/**
 * Every route of the reconstitution API, found in its router, called with
 * generated hostile input by a signed-in user: never a 5xx, every 4xx says
 * why, nothing hangs, and the API still answers afterwards.
 */
describe('hostile tenant: reconstitution route fuzzer', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'answers hostile requests with a 4xx and a message on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      await store.archive(partyEvents(6));
      const { backend } = await startApi({ knex });
      const id = randomUUID();

      const report = await fuzzRoutes({
        server: backend.server,
        pluginId: 'reconstitution',
        examples: {
          'GET /producers': { query: { environment: 'dev' } },
          'POST /dry-run': { body: { ...SELECTION, sampleSize: 2 } },
          'POST /jobs': {
            body: {
              ...SELECTION,
              receiver: {
                entityRef: RECEIVER_REF,
                queue: 'party-read-model.events',
              },
              ratePerSecond: 10,
            },
          },
          'GET /jobs': {
            query: {
              state: 'pending',
              environment: 'dev',
              receiver: RECEIVER_REF,
              createdBy: 'user:default/mock',
              limit: '10',
              cursor: 'abc',
            },
          },
          'GET /jobs/:id': { params: { id } },
          'POST /jobs/:id/cancel': { params: { id } },
        },
        healthCheck: { path: '/receivers' },
      });

      expect(report.unfuzzable).toEqual([]);
      expect(report.routes.map(r => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining([
          'POST /api/reconstitution/jobs',
          'GET /api/reconstitution/jobs/:id',
        ]),
      );
      expect(summarizeFailures(report)).toEqual([]);
      expect(report.statuses[400]).toBeGreaterThan(100);
      await backend.stop();
    },
  );
});
