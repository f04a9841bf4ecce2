import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import {
  deadLetterDiscardPermission,
  deadLetterReplayPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import { AmqpEnvironment } from '@internal/amqp-node';
import { Knex } from 'knex';
import { deadLetterPlugin } from '../plugin';
import { DeadLetterDatabase } from '../database';
import { parseDeadLetter } from '../capture/parseDeadLetter';
import {
  createDeadLetterConditionalDecision,
  deadLetterConditions,
} from '../permissions';
import { ReplayTargets } from '../services/ReplayTargets';
import { ApprovalService } from './ApprovalService';
import { amqpUrl, sleep } from '../__testUtils__/broker';

jest.setTimeout(120_000);

const AURA = 'group:default/squad-aura';
const ORION = 'group:default/squad-orion';
const PLATFORM_TEAM = 'group:default/squad-atlas';
const PEOPLE: Record<string, string[] | 'platform'> = {
  'user:default/aura-a': [AURA],
  'user:default/aura-b': [AURA],
  'user:default/orion-c': [ORION],
  'user:default/platform-p': 'platform',
};
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/** The portal policy's answers: squads own their dead letters; platform all. */
const permissions = mockServices.permissions.mock({
  authorizeConditional: async (requests, { credentials }) => {
    const ref = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    const squads = ref ? PEOPLE[ref] : undefined;
    return requests.map(({ permission }) => {
      const owned =
        permission.name === deadLetterReplayPermission.name ||
        permission.name === deadLetterDiscardPermission.name;
      if (!owned || squads === 'platform') {
        return { result: AuthorizeResult.ALLOW };
      }
      if (!squads) return { result: AuthorizeResult.DENY };
      return createDeadLetterConditionalDecision(
        permission as typeof deadLetterReplayPermission,
        deadLetterConditions.isDeadLetterOwner({ claims: squads }),
      );
    });
  },
  authorize: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
});

/** A stand-in notifications backend that keeps what it is sent. */
function notificationsRecorder(sent: Array<Record<string, any>>) {
  return createBackendPlugin({
    pluginId: 'notifications',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.use(express.json());
          router.post('/', (req, res) => {
            sent.push(req.body);
            res.json({});
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

/**
 * Four eyes on production dead letters, through the API, executed by the
 * plugin's worker against the real broker, on each real database.
 */
describe('dead-letter approvals', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'holds large prod replays and discards for a second person on %s',
    async databaseId => {
      const suffix = randomUUID().slice(0, 8);
      const targetQueue = `approval.target.${suffix}`;
      const broker = AmqpEnvironment.create({
        name: 'admin',
        url: amqpUrl,
        logger: mockServices.logger.mock(),
      });
      broker.start();
      await broker.whenConnected(10_000);
      await broker.withChannel(async ch => {
        await ch.assertQueue(targetQueue, { durable: false });
      });
      const published = () =>
        broker.withChannel(
          async ch => (await ch.checkQueue(targetQueue)).messageCount,
        );

      const knex: Knex = await databases.init(databaseId);
      const sent: Array<Record<string, any>> = [];
      const auditor = mockServices.auditor.mock();
      const backend = await startTestBackend({
        features: [
          deadLetterPlugin,
          notificationsRecorder(sent),
          auditor.factory,
          permissions.factory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              amqp: {
                environments: { dev: { url: amqpUrl }, prod: { url: amqpUrl } },
              },
              deadLetter: {
                environments: {
                  dev: { queues: [`approval.dlq.${suffix}`] },
                  prod: { queues: [`approval.dlq.${suffix}`] },
                },
              },
            },
          }),
          mockQueueRegistry.fromCatalog(),
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      const database = await DeadLetterDatabase.create({
        database: mockServices.database({ knex }),
      });
      const api = request(backend.server);

      let serial = 0;
      /** Captures `n` dead letters of Squad Aura in `environment`. */
      const capture = async (environment: string, n: number) => {
        const batch = Array.from({ length: n }, () => {
          serial++;
          return {
            ...parseDeadLetter(
              {
                content: Buffer.from(`{"n":${serial},"s":"${suffix}"}`),
                fields: { redelivered: false },
                properties: {
                  messageId: `${suffix}-${serial}`,
                  headers: {
                    'x-first-death-queue': `payments.${suffix}`,
                    'x-first-death-reason': 'rejected',
                    'x-first-death-exchange': 'payments',
                  },
                },
              },
              {
                environment,
                deadLetterQueue: `approval.dlq.${suffix}`,
              },
            ),
            ownerRef: AURA,
          };
        });
        await database.messages.insertCaptured(batch);
        const ids = new Set(batch.map(m => m.messageId));
        const found: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await database.queries.list({
            environment,
            limit: 500,
            cursor,
          });
          found.push(
            ...page.items.filter(m => ids.has(m.messageId!)).map(m => m.id),
          );
          cursor = page.nextCursor;
        } while (cursor);
        expect(found).toHaveLength(n);
        return found;
      };
      const replay = (user: string, ids: string[]) =>
        api
          .post('/api/dead-letter/replays')
          .set('Authorization', as(user))
          .send({ ids, target: { kind: 'queue', queue: targetQueue } });
      const approve = (user: string, id: string) =>
        api
          .post(`/api/dead-letter/approvals/${id}/approve`)
          .set('Authorization', as(user))
          .send({});
      const waitForJob = async (jobId: string) => {
        for (let i = 0; i < 300; i++) {
          const res = await api
            .get(`/api/dead-letter/replays/${jobId}`)
            .set('Authorization', as('aura-a'));
          if (['completed', 'failed'].includes(res.body.job.state)) {
            return res.body.job;
          }
          await sleep(100);
        }
        throw new Error(`job ${jobId} never ended`);
      };
      const jobCount = async () =>
        Number((await knex('dead_letter_replay_jobs').count({ n: '*' }))[0].n);
      const states = async (ids: string[]) => {
        const rows = await knex('dead_letter_messages')
          .whereIn('id', ids)
          .select('state', 'approval_id');
        return [
          ...new Set(
            rows.map(r => `${r.state}${r.approval_id ? '+held' : ''}`),
          ),
        ];
      };

      // A prod replay of 200 messages by Aura member A waits for approval.
      const ids = await capture('prod', 200);
      const asked = await replay('aura-a', ids);
      expect(asked.status).toBe(202);
      expect(asked.body.job).toBeUndefined();
      const approval = asked.body.approval;
      expect(approval).toMatchObject({
        action: 'replay',
        state: 'awaiting-approval',
        requestedBy: 'user:default/aura-a',
        messageCount: 200,
        ownerRefs: [AURA],
      });
      expect(await jobCount()).toBe(0);
      expect(await states(ids)).toEqual(['unresolved+held']);
      expect(await published()).toBe(0);
      expect(sent).toEqual([
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: [AURA, PLATFORM_TEAM] },
          payload: expect.objectContaining({
            title: expect.stringContaining('Approval needed'),
            link: expect.stringContaining(approval.id),
          }),
        }),
      ]);

      // Held messages cannot be taken by another replay or a discard.
      expect((await replay('aura-b', ids.slice(0, 5))).status).toBe(409);
      expect(await jobCount()).toBe(0);
      const discardHeld = await api
        .post('/api/dead-letter/messages/discard')
        .set('Authorization', as('platform-p'))
        .send({ ids: ids.slice(0, 5) });
      expect(discardHeld.body.affected).toBe(0);

      // Who may decide, as the list tells each caller.
      const canDecide = async (user: string) =>
        (
          await api
            .get('/api/dead-letter/approvals?state=awaiting-approval')
            .set('Authorization', as(user))
        ).body.items.find((a: { id: string }) => a.id === approval.id)
          .canDecide;
      expect(await canDecide('aura-a')).toBe(false);
      expect(await canDecide('orion-c')).toBe(false);
      expect(await canDecide('aura-b')).toBe(true);
      expect(await canDecide('platform-p')).toBe(true);

      // The requester cannot approve; nor can another squad.
      const self = await approve('aura-a', approval.id);
      expect(self.status).toBe(403);
      expect(self.body.error.message).toBe(
        'You asked for this replay; another member of Squad Aura or the platform team must approve it',
      );
      expect((await approve('orion-c', approval.id)).status).toBe(403);
      expect(await published()).toBe(0);

      // Another Aura member approves: it runs, 200 published once.
      const approved = await approve('aura-b', approval.id);
      expect(approved.status).toBe(200);
      expect(approved.body.approval).toMatchObject({
        state: 'approved',
        decidedBy: 'user:default/aura-b',
      });
      const job = await waitForJob(approved.body.approval.jobId);
      expect(job).toMatchObject({
        createdBy: 'user:default/aura-a',
        total: 200,
        confirmed: 200,
      });
      expect(await published()).toBe(200);
      expect((await approve('platform-p', approval.id)).status).toBe(409);
      expect(await jobCount()).toBe(1);
      expect(sent.at(-1)).toMatchObject({
        recipients: { entityRef: ['user:default/aura-a'] },
        payload: { title: expect.stringContaining('Approved by') },
      });
      const events = auditor.createEvent.mock.calls.map(([e]) => e);
      expect(events.map(e => [e.eventId, e.severityLevel])).toEqual(
        expect.arrayContaining([
          ['approval-request', 'high'],
          ['approval-approve', 'high'],
        ]),
      );

      // Two concurrent approvals (Aura B and the platform team): one run.
      const twice = await capture('prod', 150);
      const second = (await replay('aura-a', twice)).body.approval;
      const decisions = await Promise.all([
        approve('aura-b', second.id),
        approve('platform-p', second.id),
      ]);
      expect(decisions.map(d => d.status).sort()).toEqual([200, 409]);
      const winner = decisions.find(d => d.status === 200)!;
      expect((await waitForJob(winner.body.approval.jobId)).confirmed).toBe(
        150,
      );
      expect(await jobCount()).toBe(2);
      expect(await published()).toBe(350);

      // An expired request is refused at approval and never runs.
      const late = await capture('prod', 100);
      const expiring = (await replay('aura-a', late)).body.approval;
      await knex('dead_letter_approvals')
        .where('id', expiring.id)
        .update({ expires_at: new Date(Date.now() - 1000) });
      const tooLate = await approve('platform-p', expiring.id);
      expect(tooLate.status).toBe(409);
      expect(tooLate.body.error.message).toMatch(/expired .* will not run/);
      expect(await states(late)).toEqual(['unresolved']);
      expect(await jobCount()).toBe(2);

      // The sweep expires requests nobody decided and frees their messages.
      const swept = (await replay('aura-a', late)).body.approval;
      await knex('dead_letter_approvals')
        .where('id', swept.id)
        .update({ expires_at: new Date(Date.now() - 1000) });
      const sweeper = new ApprovalService({
        approvals: database.approvals,
        replays: database.replays,
        resources: r => database.resources.resources(r),
        audit: database.audit,
        auditor: mockServices.auditor.mock(),
        permissions,
        replayTargets: ReplayTargets.create({ permissions }),
        notifier: { send: async () => {} },
        logger: mockServices.logger.mock(),
        settings: new Map(),
        platformTeam: PLATFORM_TEAM,
      });
      expect(await sweeper.sweep()).toEqual({ expired: 1, resumed: 0 });
      expect((await approve('aura-b', swept.id)).status).toBe(409);
      expect(await states(late)).toEqual(['unresolved']);

      // Refused: nothing runs, the messages are free, the requester is told.
      const refusedReq = (await replay('aura-a', late)).body.approval;
      const refused = await api
        .post(`/api/dead-letter/approvals/${refusedReq.id}/refuse`)
        .set('Authorization', as('platform-p'))
        .send({ reason: 'Not during the close of day' });
      expect(refused.status).toBe(200);
      expect(refused.body.approval).toMatchObject({
        state: 'refused',
        reason: 'Not during the close of day',
      });
      expect(await states(late)).toEqual(['unresolved']);
      expect(sent.at(-1)).toMatchObject({
        recipients: { entityRef: ['user:default/aura-a'] },
        payload: { title: expect.stringContaining('Refused by') },
      });

      // A discard of 100 prod messages waits too, then discards on approval.
      const discardAsked = await api
        .post('/api/dead-letter/messages/discard')
        .set('Authorization', as('aura-a'))
        .send({ ids: late });
      expect(discardAsked.body).toMatchObject({
        affected: 0,
        approval: { action: 'discard', state: 'awaiting-approval' },
      });
      expect(await states(late)).toEqual(['unresolved+held']);
      const discarded = await approve('aura-b', discardAsked.body.approval.id);
      expect(discarded.body.approval).toMatchObject({
        state: 'approved',
        affected: 100,
      });
      expect(await states(late)).toEqual(['discarded']);

      // Below the threshold, and in dev, replays start at once as before.
      const few = await capture('prod', 5);
      expect((await replay('aura-a', few)).body.job.total).toBe(5);
      const dev = await capture('dev', 150);
      const devJob = (await replay('aura-a', dev)).body.job;
      expect(devJob.total).toBe(150);
      await waitForJob(devJob.id);
      expect(await jobCount()).toBe(4);

      await backend.stop();
      await broker.withChannel(ch => ch.deleteQueue(targetQueue));
      await broker.stop();
    },
  );
});
