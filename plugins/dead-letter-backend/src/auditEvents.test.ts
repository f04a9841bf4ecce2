import request from 'supertest';
import { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { parseDeadLetter } from './capture/parseDeadLetter';
import {
  OFFLINE_DEV_AND_PROD,
  openDatabase,
  startDeadLetterBackend,
} from './__testUtils__/backend';

jest.setTimeout(60_000);

function deadLetter(environment: string, body: string) {
  return parseDeadLetter(
    {
      content: Buffer.from(body),
      fields: { redelivered: false },
      properties: {
        messageId: body,
        headers: {
          'x-first-death-queue': 'orders.a',
          'x-first-death-reason': 'rejected',
          'x-first-death-exchange': 'orders',
        },
      },
    },
    { environment, deadLetterQueue: 'dead-letters' },
  );
}

/**
 * Discards, restores, replays and replay cancellations are privileged: each
 * request is one auditor event (shipped to Humio by the portal's auditor),
 * high for production and medium for the dev environment.
 */
describe('dead-letter audit events', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'audits every action once with its selection and outcome on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const auditor = mockServices.auditor.mock();
      const backend = await startDeadLetterBackend({
        knex,
        config: OFFLINE_DEV_AND_PROD,
        features: [auditor.factory],
      });
      const eventOf = (n: number): Promise<AuditorServiceEvent> =>
        auditor.createEvent.mock.results[n].value;
      try {
        const database = await openDatabase(knex);
        await database.messages.insertCaptured([
          deadLetter('dev', 'd1'),
          deadLetter('dev', 'd2'),
          deadLetter('prod', 'p1'),
          deadLetter('prod', 'p2'),
        ]);
        const idOf = async (environment: string, messageId: string) =>
          (await database.queries.list({ environment, limit: 10 })).items.find(
            m => m.messageId === messageId,
          )!.id;
        const [d1, p1, p2] = [
          await idOf('dev', 'd1'),
          await idOf('prod', 'p1'),
          await idOf('prod', 'p2'),
        ];
        const api = request(backend.server);

        await api
          .post('/api/dead-letter/messages/discard')
          .send({ ids: [d1] })
          .expect(200);
        expect(auditor.createEvent).toHaveBeenLastCalledWith({
          eventId: 'messages-discard',
          severityLevel: 'medium',
          request: expect.objectContaining({ method: 'POST' }),
          meta: { environments: ['dev'], messageCount: 1, messageIds: [d1] },
        });
        expect((await eventOf(0)).success).toHaveBeenCalledWith({
          meta: { requested: 1, affected: 1 },
        });

        await api
          .post('/api/dead-letter/messages/restore')
          .send({ ids: [d1] })
          .expect(200);
        expect(auditor.createEvent).toHaveBeenLastCalledWith(
          expect.objectContaining({
            eventId: 'messages-restore',
            severityLevel: 'medium',
          }),
        );

        // A bulk replay in production: one event, the ids and their count.
        const replay = await api
          .post('/api/dead-letter/replays')
          .send({ ids: [p1, p2] })
          .expect(202);
        const jobId = replay.body.job.id;
        expect(auditor.createEvent).toHaveBeenLastCalledWith({
          eventId: 'replay-create',
          severityLevel: 'high',
          request: expect.objectContaining({ method: 'POST' }),
          meta: {
            environments: ['prod'],
            messageCount: 2,
            messageIds: [p1, p2],
            target: { kind: 'original' },
          },
        });
        expect((await eventOf(2)).success).toHaveBeenCalledWith({
          meta: { requested: 2, affected: 2, jobId },
        });

        await api.post(`/api/dead-letter/replays/${jobId}/cancel`).expect(200);
        expect(auditor.createEvent).toHaveBeenLastCalledWith({
          eventId: 'replay-cancel',
          severityLevel: 'high',
          request: expect.objectContaining({ method: 'POST' }),
          meta: { jobId, environments: ['prod'], messageCount: 2 },
        });
        expect((await eventOf(3)).success).toHaveBeenCalledWith({
          meta: { affected: 2 },
        });

        // A replay by filter names the filter (d1 and d2 match).
        await api
          .post('/api/dead-letter/replays')
          .send({ filter: { environment: 'dev', queue: 'orders.a' } })
          .expect(202);
        expect(auditor.createEvent).toHaveBeenLastCalledWith(
          expect.objectContaining({
            eventId: 'replay-create',
            severityLevel: 'medium',
            meta: expect.objectContaining({
              environments: ['dev'],
              messageCount: 2,
              filter: { environment: 'dev', queue: 'orders.a' },
            }),
          }),
        );

        // A failed action is audited as failed.
        await api
          .post('/api/dead-letter/messages/discard')
          .send({ ids: ['00000000-0000-4000-8000-000000000000'] })
          .expect(404);
        const failed = await eventOf(5);
        expect(failed.success).not.toHaveBeenCalled();
        expect(failed.fail).toHaveBeenCalledWith({
          error: expect.any(NotFoundError),
        });
        expect(auditor.createEvent).toHaveBeenCalledTimes(6);
      } finally {
        await backend.stop();
      }
    },
  );
});
