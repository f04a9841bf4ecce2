import request from 'supertest';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { partyEvents, startApi } from './__testUtils__/testBackend';
import { EventArchiveStore } from './database/EventArchiveStore';

jest.setTimeout(60_000);

/** The archive's API, with real databases; the broker is not needed. */
describe('reconstitution API', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  it.each(databases.eachSupportedId())(
    'lists producers, dry-runs selections and refuses bad input on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      await store.archive(partyEvents(6));
      const { backend } = await startApi({ knex });
      const api = request(backend.server);
      try {
        const producers = await api.get('/api/reconstitution/producers');
        expect(producers.status).toBe(200);
        expect(producers.body.items).toEqual([
          expect.objectContaining({
            source: 'archive',
            environment: 'dev',
            domain: 'organisation',
            entityType: 'organisation-party',
            eventNames: ['PartyDeleted', 'PartyUpdated'],
            events: 6,
          }),
        ]);

        const archive = await api.get('/api/reconstitution/archive');
        expect(archive.body.items).toEqual([
          expect.objectContaining({
            environment: 'dev',
            exchanges: ['integration-events'],
            active: false,
          }),
        ]);

        const dryRun = await api.post('/api/reconstitution/dry-run').send({
          environment: 'dev',
          domain: 'organisation',
          entityType: 'organisation-party',
          from: '2026-11-20T10:01:00Z',
          entityIds: ['party-1'],
          eventNames: ['PartyUpdated', 'PartyDeleted'],
          sampleSize: 2,
        });
        expect(dryRun.status).toBe(200);
        // n = 1, 3, 5 are party-1 from 10:01 on.
        expect(dryRun.body).toMatchObject({
          total: 3,
          byEventName: [
            { eventName: 'PartyDeleted', count: 1 },
            { eventName: 'PartyUpdated', count: 2 },
          ],
        });
        expect(dryRun.body.sample.map((e: any) => e.messageId)).toEqual([
          'm-1',
          'm-3',
        ]);

        const base = {
          environment: 'dev',
          domain: 'organisation',
          entityType: 'organisation-party',
        };
        const bad: Array<[object, RegExp]> = [
          [
            { ...base, environment: 'qa' },
            /environment: unknown environment 'qa'/,
          ],
          [{ ...base, domain: '' }, /domain: must not be empty/],
          [{ environment: 'dev' }, /domain: Required/],
          [{ ...base, from: 'yesterday' }, /from: must be an ISO 8601/],
          [
            {
              ...base,
              from: '2026-11-21T00:00:00Z',
              to: '2026-11-20T00:00:00Z',
            },
            /to: must be after from/,
          ],
          [
            {
              ...base,
              entityIds: Array.from({ length: 100_001 }, (_, i) => `e${i}`),
            },
            /entityIds: at most 100000 entity ids/,
          ],
          [{ ...base, eventNames: 'PartyUpdated' }, /eventNames/],
          [{ ...base, colour: 'red' }, /unknown parameter\(s\) colour/],
        ];
        for (const [body, message] of bad) {
          const res = await api.post('/api/reconstitution/dry-run').send(body);
          expect({
            status: res.status,
            message: res.body.error?.message,
          }).toEqual({
            status: 400,
            message: expect.stringMatching(message),
          });
        }
        const badQuery = await api
          .get('/api/reconstitution/producers')
          .query({ environment: 'qa' });
        expect(badQuery.status).toBe(400);
        expect(badQuery.body.error.message).toMatch(/environment/);
      } finally {
        await backend.stop();
      }
    },
  );

  it('refuses a dry run to users the policy does not allow', async () => {
    const knex = await databases.init('SQLITE_3');
    const { backend } = await startApi({
      knex,
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      const api = request(backend.server);
      const res = await api.post('/api/reconstitution/dry-run').send({
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
      });
      expect(res.status).toBe(403);
      expect((await api.get('/api/reconstitution/producers')).status).toBe(403);
      expect((await api.get('/api/reconstitution/jobs')).status).toBe(403);
      expect((await api.get('/api/reconstitution/receivers')).status).toBe(403);
    } finally {
      await backend.stop();
    }
  });
});
