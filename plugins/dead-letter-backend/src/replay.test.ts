import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ReplayWorker } from './replay/ReplayWorker';
import { openDatabase, startOnBroker } from './__testUtils__/backend';
import { removeTopology, sleep, topologyNames } from './__testUtils__/broker';
import { deadLetteredFrom, store } from './__testUtils__/deadLetters';

jest.setTimeout(60_000);

/**
 * Replay jobs through the API, run by the plugin's worker against the real
 * broker, on each real database.
 */
describe('dead-letter replays', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'replays dead letters on %s',
    async databaseId => {
      const names = topologyNames('replay');
      const { suffix } = names;
      const targetQueue = `replay.target.${suffix}`;
      const { admin, knex, backend } = await startOnBroker(
        databases,
        databaseId,
        names,
        {
          config: {
            deadLetter: { replay: { maxReplayCount: 2 } },
          },
        },
      );
      await admin.withChannel(channel =>
        channel.assertQueue(targetQueue, { durable: false }),
      );
      const database = await openDatabase(knex);
      const api = request(backend.server);

      const insert = async (body: string, replayCount = 0) =>
        (
          await store(
            database,
            deadLetteredFrom(names, body, {
              headers: {
                'x-portal-replay-count': replayCount,
                'x-tenant': 'meridian',
              },
            }),
          )
        ).id;
      const stateOf = async (id: string) =>
        (await database.queries.get(id))!.state;
      const waitFor = async (jobId: string, states: string[]) => {
        for (let i = 0; i < 100; i++) {
          const res = await api.get(`/api/dead-letter/replays/${jobId}`);
          if (states.includes(res.body.job.state)) return res.body;
          await sleep(200);
        }
        throw new Error(`job ${jobId} never reached ${states}`);
      };
      const take = async (queue: string) =>
        admin.withChannel(async ch => {
          for (let i = 0; i < 20; i++) {
            const got = await ch.get(queue, { noAck: true });
            if (got) return got;
            await sleep(100);
          }
          return false;
        });

      try {
        // Bad bodies are refused naming the field.
        const bad: Array<[object, RegExp]> = [
          [{ ids: ['nope'] }, /ids\.0: must be message ids/],
          [{ ids: [] }, /ids: select at least one/],
          [{ ids: [randomUUID()], target: { kind: 'queue' } }, /target\.queue/],
          [{ ids: [randomUUID()], target: { kind: 'elsewhere' } }, /target/],
          [{ ids: [randomUUID()], ratePerSecond: 5001 }, /ratePerSecond/],
        ];
        for (const [body, message] of bad) {
          const res = await api.post('/api/dead-letter/replays').send(body);
          expect({ body, status: res.status }).toEqual({ body, status: 400 });
          expect(res.body.error.message).toMatch(message);
        }

        // To the original exchange.
        const a = await insert('{"order":1}');
        const b = await insert('{"order":2}');
        const created = await api
          .post('/api/dead-letter/replays')
          .send({ ids: [a, b], target: { kind: 'original' } });
        expect(created.status).toBe(202);
        expect(created.body.job).toMatchObject({ state: 'pending', total: 2 });
        expect(await stateOf(a)).toBe('replaying');
        const done = await waitFor(created.body.job.id, [
          'completed',
          'failed',
        ]);
        expect(done.job).toMatchObject({
          state: 'completed',
          confirmed: 2,
          failed: 0,
        });
        expect(await stateOf(a)).toBe('replayed');
        expect(await stateOf(b)).toBe('replayed');
        const first = await take(names.queue);
        expect(first).toBeTruthy();
        const delivered = first as any;
        expect(['{"order":1}', '{"order":2}']).toContain(
          delivered.content.toString(),
        );
        expect(delivered.properties.contentType).toBe('application/json');
        const headers = delivered.properties.headers;
        expect(headers['x-portal-replay-count']).toBe(1);
        expect(headers['x-portal-replay-job']).toBe(created.body.job.id);
        expect([a, b]).toContain(headers['x-portal-dead-letter-id']);
        expect(headers['x-tenant']).toBe('meridian');
        expect(headers['x-death']).toBeUndefined();
        expect(headers['x-first-death-queue']).toBeUndefined();
        expect(await take(names.queue)).toBeTruthy();

        // To a named queue.
        const c = await insert('{"order":3}');
        const toQueue = await api.post('/api/dead-letter/replays').send({
          ids: [c],
          target: { kind: 'queue', queue: targetQueue },
          ratePerSecond: 100,
        });
        expect(toQueue.status).toBe(202);
        expect(
          (await waitFor(toQueue.body.job.id, ['completed'])).job,
        ).toMatchObject({
          target: { kind: 'queue', queue: targetQueue },
          ratePerSecond: 100,
          confirmed: 1,
        });
        const inTarget = (await take(targetQueue)) as any;
        expect(inTarget.content.toString()).toBe('{"order":3}');
        expect(await stateOf(c)).toBe('replayed');

        // Unroutable: nothing is bound for that name.
        const d = await insert('{"order":4}');
        const lost = await api.post('/api/dead-letter/replays').send({
          ids: [d],
          target: { kind: 'queue', queue: `nowhere.${suffix}` },
        });
        const lostJob = await waitFor(lost.body.job.id, [
          'completed',
          'failed',
        ]);
        expect(lostJob.job).toMatchObject({ state: 'failed', failed: 1 });
        expect(lostJob.job.reason).toMatch(
          /1 of 1 messages failed: Unroutable/,
        );
        expect(lostJob.items[0].error).toMatch(/Unroutable/);
        expect(await stateOf(d)).toBe('unresolved');

        // Replay cap: already replayed twice, at most 2.
        const e = await insert('{"order":5}', 2);
        const capped = await api
          .post('/api/dead-letter/replays')
          .send({ ids: [e] });
        const cappedJob = await waitFor(capped.body.job.id, [
          'completed',
          'failed',
        ]);
        expect(cappedJob.job.state).toBe('failed');
        expect(cappedJob.items[0].error).toMatch(/Replay cap reached/);
        expect(await stateOf(e)).toBe('unresolved');

        // Cancel a slow job: what was not sent goes back to unresolved.
        const slow = [
          await insert('{"order":6}'),
          await insert('{"order":7}'),
          await insert('{"order":8}'),
        ];
        const slowJob = await api.post('/api/dead-letter/replays').send({
          ids: slow,
          target: { kind: 'queue', queue: targetQueue },
          ratePerSecond: 1,
        });
        const cancelled = await api.post(
          `/api/dead-letter/replays/${slowJob.body.job.id}/cancel`,
        );
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.job.state).toBe('cancelled');
        await sleep(1500);
        const after = await api.get(
          `/api/dead-letter/replays/${slowJob.body.job.id}`,
        );
        expect(after.body.job.state).toBe('cancelled');
        const pending = after.body.items.filter(
          (i: any) => i.status === 'pending',
        );
        expect(pending.length).toBeGreaterThan(0);
        for (const item of pending) {
          expect(await stateOf(item.messageId)).toBe('unresolved');
        }
        const again = await api.post(
          `/api/dead-letter/replays/${slowJob.body.job.id}/cancel`,
        );
        expect(again.status).toBe(409);

        const list = await api
          .get('/api/dead-letter/replays')
          .query({ environment: 'dev' });
        expect(list.body.items).toHaveLength(5);
        const audit = await api.get('/api/dead-letter/audit');
        expect(
          audit.body.items.filter(
            (x: any) => x.action === 'replay' && x.outcome === 'failed',
          ),
        ).toHaveLength(2);
      } finally {
        await backend.stop();
      }

      try {
        // A job whose worker died (stale heartbeat) is reclaimed and resumes;
        // an item sent but never confirmed is published again.
        const f = await insert('{"order":9}');
        const jobs = database.replays;
        const job = await jobs.createJob({
          environment: 'dev',
          createdBy: 'user:default/mock',
          target: { kind: 'queue', queue: targetQueue },
          ids: [f],
        });
        const dead = await jobs.claim({
          environments: ['dev'],
          workerId: 'crashed',
          staleBefore: new Date(0),
        });
        expect(dead?.id).toBe(job.id);
        await jobs.markSent(job.id, [f]);
        const fresh = new ReplayWorker({
          database,
          amqp: { get: () => admin, list: () => [admin] },
          logger: mockServices.logger.mock(),
          environments: ['dev'],
          maxReplayCount: 5,
        });
        expect(await fresh.runOnce()).toBeUndefined(); // heartbeat is fresh
        await jobs.setHeartbeat(job.id, new Date(Date.now() - 60_000));
        expect(await fresh.runOnce()).toBe(job.id);
        expect(await jobs.getJob(job.id)).toMatchObject({
          state: 'completed',
          confirmed: 1,
        });
        expect(await stateOf(f)).toBe('replayed');
      } finally {
        await admin.withChannel(ch => ch.deleteQueue(targetQueue));
        await removeTopology(admin, names);
      }
    },
  );
});
