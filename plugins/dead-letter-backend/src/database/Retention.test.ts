import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { parseDeadLetter } from '../capture/parseDeadLetter';
import { DeadLetterDatabase } from './DeadLetterDatabase';

jest.setTimeout(60_000);

const day = 24 * 60 * 60 * 1000;

describe('Retention', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'purges only resolved messages and finished jobs older than the period on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const database = await DeadLetterDatabase.create({
        database: mockServices.database({ knex }),
      });
      const insert = async (n: number) => {
        await database.messages.insertCaptured(
          Array.from({ length: n }, (_, i) =>
            parseDeadLetter(
              {
                content: Buffer.from(`{"i":${i}}`),
                fields: { redelivered: false },
                properties: {
                  headers: {
                    'x-death': [{ queue: 'orders', reason: 'rejected' }],
                  },
                },
              },
              { environment: 'dev', deadLetterQueue: 'orders.dlq' },
            ),
          ),
        );
        const { items } = await database.queries.list({ limit: 500 });
        return items.map(m => m.id);
      };
      const ids = await insert(6);
      const [oldDiscarded, oldReplayed, recentDiscarded, oldUnresolved] = ids;
      const [restoredLater, replayingOld] = ids.slice(4);
      await database.messages.transition(
        [oldDiscarded, recentDiscarded, restoredLater],
        {
          from: ['unresolved'],
          to: 'discarded',
        },
      );
      const jobs = database.replays;
      const oldJob = await jobs.createJob({
        environment: 'dev',
        createdBy: 'user:default/ana',
        target: { kind: 'original' },
        ids: [oldReplayed],
      });
      await jobs.markConfirmed(oldJob.id, [oldReplayed]);
      await knex('dead_letter_replay_jobs')
        .where('id', oldJob.id)
        .update({
          state: 'completed',
          finished_at: new Date(Date.now() - 40 * day),
        });
      const runningJob = await jobs.createJob({
        environment: 'dev',
        createdBy: 'user:default/ana',
        target: { kind: 'original' },
        ids: [replayingOld],
      });
      const longAgo = new Date(Date.now() - 40 * day);
      await knex('dead_letter_messages')
        .whereIn('id', [oldDiscarded, oldReplayed, restoredLater])
        .update({ resolved_at: longAgo, captured_at: longAgo });
      await knex('dead_letter_messages')
        .whereIn('id', [oldUnresolved, replayingOld])
        .update({ captured_at: longAgo });
      // Restored after it was resolved: unresolved again, kept.
      await database.messages.transition([restoredLater], {
        from: ['discarded'],
        to: 'unresolved',
      });

      const purged = await database.retention.purge(
        new Date(Date.now() - 30 * day),
      );

      expect(purged).toEqual({ messages: 2, jobs: 1 });
      expect(await database.queries.get(oldDiscarded)).toBeUndefined();
      expect(await database.queries.get(oldReplayed)).toBeUndefined();
      for (const kept of [
        recentDiscarded,
        oldUnresolved,
        restoredLater,
        replayingOld,
      ]) {
        expect(await database.queries.get(kept)).toBeDefined();
      }
      expect(await jobs.getJob(oldJob.id)).toBeUndefined();
      expect(
        await knex('dead_letter_replay_items').where('job_id', oldJob.id),
      ).toHaveLength(0);
      expect((await jobs.getJob(runningJob.id))?.state).toBe('pending');

      // Nothing more to purge: a second run removes nothing.
      expect(
        await database.retention.purge(new Date(Date.now() - 30 * day)),
      ).toEqual({ messages: 0, jobs: 0 });
    },
  );
});
