import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { openDatabase, startOnBroker } from './__testUtils__/backend';
import { removeTopology, sleep, topologyNames } from './__testUtils__/broker';
import { deadLetteredFrom, store } from './__testUtils__/deadLetters';

jest.setTimeout(60_000);

/** Replays chosen by filter (a failure group, "everything matching"). */
describe('dead-letter replays by filter', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'replays a failure group and everything matching a filter on %s',
    async databaseId => {
      const names = topologyNames('rf', 'payment.settled');
      const { admin, knex, backend } = await startOnBroker(
        databases,
        databaseId,
        names,
        {
          config: {
            deadLetter: { replay: { maxJobSize: 4 } },
          },
        },
      );
      const database = await openDatabase(knex);
      const api = request(backend.server);

      const insert = (body: string, reason: string) =>
        store(database, deadLetteredFrom(names, body, { reason }));
      const stateOf = async (id: string) =>
        (await database.queries.get(id))!.state;
      const waitFor = async (jobId: string) => {
        for (let i = 0; i < 100; i++) {
          const res = await api.get(`/api/dead-letter/replays/${jobId}`);
          if (['completed', 'failed'].includes(res.body.job.state)) {
            return res.body;
          }
          await sleep(200);
        }
        throw new Error(`job ${jobId} never ended`);
      };
      const drain = async (queue: string) =>
        admin.withChannel(async ch => {
          const bodies: string[] = [];
          for (let idle = 0; idle < 10; ) {
            const got = await ch.get(queue, { noAck: true });
            if (got) {
              bodies.push(got.content.toString());
            } else {
              idle += 1;
              await sleep(50);
            }
          }
          return bodies.sort();
        });

      try {
        const rejected = [
          await insert('{"n":1}', 'rejected'),
          await insert('{"n":2}', 'rejected'),
        ];
        const expired = await insert('{"n":3}', 'expired');
        expect(rejected[0].groupFingerprint).toBe(rejected[1].groupFingerprint);
        expect(expired.groupFingerprint).not.toBe(rejected[0].groupFingerprint);

        // Bad filters are refused naming the field.
        const bad: Array<[object, RegExp]> = [
          [{ filter: { environment: 'qa' } }, /filter\.environment: unknown/],
          [{ filter: {} }, /filter\.environment/],
          [
            { ids: [rejected[0].id], filter: { environment: 'dev' } },
            /ids: give either ids or filter/,
          ],
          [{}, /ids: choose messages by ids or by filter/],
          [
            {
              filter: {
                environment: 'dev',
                from: '2026-02-01T00:00:00Z',
                to: '2026-01-01T00:00:00Z',
              },
            },
            /filter\.to: must be after filter\.from/,
          ],
          [
            { filter: { environment: 'dev', from: 'yesterday' } },
            /filter\.from: must be an ISO 8601/,
          ],
          [
            { filter: { environment: 'dev', colour: 'red' } },
            /unknown parameter\(s\) colour/,
          ],
          [
            { filter: { environment: 'dev', q: 'no such text anywhere' } },
            /filter: no unresolved messages match/,
          ],
        ];
        for (const [body, message] of bad) {
          const res = await api.post('/api/dead-letter/replays').send(body);
          expect({ body, status: res.status }).toEqual({ body, status: 400 });
          expect(res.body.error.message).toMatch(message);
        }

        // The largest selection fits in a request (unknown ids: 404, not 413).
        const largest = await api.post('/api/dead-letter/replays').send({
          ids: Array.from({ length: 10_000 }, () => randomUUID()),
        });
        expect(largest.status).toBe(404);
        expect(largest.body.error.message).toMatch(/No dead letters with ids/);

        // A failure group, to the queue the messages died in.
        const group = await api.post('/api/dead-letter/replays').send({
          filter: { environment: 'dev', group: rejected[0].groupFingerprint },
          target: { kind: 'source' },
        });
        expect(group.status).toBe(202);
        expect(group.body.job).toMatchObject({
          total: 2,
          target: { kind: 'source' },
          filter: { environment: 'dev', group: rejected[0].groupFingerprint },
        });
        const groupDone = await waitFor(group.body.job.id);
        expect(groupDone.job).toMatchObject({
          state: 'completed',
          confirmed: 2,
        });
        expect(groupDone.itemsTruncated).toBe(false);
        expect(groupDone.items).toHaveLength(2);
        expect(await drain(names.queue)).toEqual(['{"n":1}', '{"n":2}']);
        expect(await stateOf(rejected[0].id)).toBe('replayed');
        expect(await stateOf(expired.id)).toBe('unresolved');

        // The audit log names the filter rather than listing ids.
        const audit = await api.get('/api/dead-letter/audit');
        const entry = audit.body.items.find(
          (x: any) => x.action === 'replay' && x.outcome === 'succeeded',
        );
        expect(entry.selection).toEqual({
          filter: { environment: 'dev', group: rejected[0].groupFingerprint },
        });
        expect(entry.affected).toBe(2);

        // Replayed messages are no longer matched; more than the job cap is refused.
        const more = [];
        for (let i = 4; i <= 8; i++) {
          more.push(await insert(`{"n":${i}}`, 'rejected'));
        }
        const tooMany = await api
          .post('/api/dead-letter/replays')
          .send({ filter: { environment: 'dev' } });
        expect(tooMany.status).toBe(400);
        expect(tooMany.body.error.message).toMatch(
          /filter: matches more than 4 unresolved messages/,
        );

        // Everything matching a text search, rate limited, then cancelled;
        // discarded messages are not taken.
        const discarded = await api
          .post('/api/dead-letter/messages/discard')
          .send({ ids: [more[4].id] });
        expect(discarded.body.affected).toBe(1);
        const slow = await api.post('/api/dead-letter/replays').send({
          filter: { environment: 'dev', q: '"n":', reason: 'rejected' },
          target: { kind: 'queue', queue: names.queue },
          ratePerSecond: 1,
        });
        expect(slow.status).toBe(202);
        expect(slow.body.job.total).toBe(4);
        await sleep(300);
        const cancelled = await api.post(
          `/api/dead-letter/replays/${slow.body.job.id}/cancel`,
        );
        expect(cancelled.body.job.state).toBe('cancelled');
        await sleep(1500);
        const detail = await api.get(
          `/api/dead-letter/replays/${slow.body.job.id}`,
        );
        const byState = new Map<string, number>();
        for (const item of detail.body.items) {
          const state = await stateOf(item.messageId);
          byState.set(state, (byState.get(state) ?? 0) + 1);
          // Nothing is left replaying, and only confirmed items are replayed.
          expect(state).toBe(
            item.status === 'confirmed' ? 'replayed' : 'unresolved',
          );
        }
        expect(byState.get('unresolved')).toBeGreaterThan(0);
        const afterCancel = await api.get('/api/dead-letter/audit');
        const cancelEntry = afterCancel.body.items.find(
          (x: any) => x.action === 'cancel-replay',
        );
        expect(cancelEntry).toMatchObject({
          actor: 'user:default/mock',
          outcome: 'succeeded',
          target: { jobId: slow.body.job.id },
        });
        expect(cancelEntry.details).toMatch(/cancelled after \d of 4/);
        await drain(names.queue);
      } finally {
        await backend.stop();
        await removeTopology(admin, names);
      }
    },
  );
});
