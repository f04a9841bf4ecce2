import request from 'supertest';
import { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  partyEvents,
  RECEIVER_REF,
  startApi,
} from './__testUtils__/testBackend';
import { EventArchiveStore } from './database/EventArchiveStore';

jest.setTimeout(60_000);

/**
 * Creating and cancelling jobs are privileged: each request is an auditor
 * event (which the portal's auditor ships to Humio), succeeded or failed.
 */
describe('reconstitution audit events', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'audits job create and cancel with their outcome on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      await store.archive(partyEvents(6));
      const auditor = mockServices.auditor.mock();
      const { backend } = await startApi({
        knex,
        features: [auditor.factory],
      });
      const api = request(backend.server);
      /** The event the n-th createEvent call returned. */
      const eventOf = (n: number): Promise<AuditorServiceEvent> =>
        auditor.createEvent.mock.results[n].value;
      try {
        const created = await api
          .post('/api/reconstitution/jobs')
          .set('Authorization', mockCredentials.user.header('user:default/ada'))
          .send({
            environment: 'dev',
            domain: 'organisation',
            entityType: 'organisation-party',
            receiver: {
              entityRef: RECEIVER_REF,
              queue: 'party-read-model.events',
            },
            entityIds: ['party-1', 'party-0'],
            ratePerSecond: 50,
          });
        expect(created.status).toBe(201);
        const jobId = created.body.job.id;
        expect(auditor.createEvent).toHaveBeenCalledTimes(1);
        expect(auditor.createEvent).toHaveBeenLastCalledWith({
          eventId: 'job-create',
          severityLevel: 'high',
          request: expect.objectContaining({ method: 'POST' }),
          meta: {
            environment: 'dev',
            source: 'archive',
            receiver: {
              entityRef: RECEIVER_REF,
              queue: 'party-read-model.events',
            },
            domain: 'organisation',
            entityType: 'organisation-party',
            entityIdCount: 2,
            ratePerSecond: 50,
          },
        });
        const createEvent = await eventOf(0);
        // A dev job needs no approval: it is pending at once.
        expect(createEvent.success).toHaveBeenCalledWith({
          meta: { jobId, matched: 6, state: 'pending' },
        });
        expect(createEvent.fail).not.toHaveBeenCalled();

        expect(
          (await api.post(`/api/reconstitution/jobs/${jobId}/cancel`)).status,
        ).toBe(200);
        expect(auditor.createEvent).toHaveBeenLastCalledWith({
          eventId: 'job-cancel',
          severityLevel: 'high',
          request: expect.objectContaining({ method: 'POST' }),
          meta: {
            jobId,
            environment: 'dev',
            receiver: {
              entityRef: RECEIVER_REF,
              queue: 'party-read-model.events',
            },
            state: 'pending',
          },
        });
        expect((await eventOf(1)).success).toHaveBeenCalled();

        // A refused attempt is audited as failed, with why.
        expect(
          (await api.post(`/api/reconstitution/jobs/${jobId}/cancel`)).status,
        ).toBe(409);
        const refused = await eventOf(2);
        expect(refused.success).not.toHaveBeenCalled();
        expect(refused.fail).toHaveBeenCalledWith({
          error: expect.any(ConflictError),
        });

        // Input errors are not privileged actions: nothing is audited.
        expect(
          (
            await api
              .post('/api/reconstitution/jobs')
              .send({ environment: 'dev' })
          ).status,
        ).toBe(400);
        expect(auditor.createEvent).toHaveBeenCalledTimes(3);
      } finally {
        await backend.stop();
      }
    },
  );
});
