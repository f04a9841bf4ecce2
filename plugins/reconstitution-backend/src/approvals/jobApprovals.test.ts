import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { AmqpEnvironment } from '@internal/amqp-node';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';
import { RECONSTITUTION_RECEIVER_RESOURCE_TYPE } from '@internal/backstage-plugin-reconstitution-common';
import { reconstitutionPlugin } from '../plugin';
import { EventArchiveStore } from '../database/EventArchiveStore';
import {
  notificationRecorder,
  partyEvents,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const amqpUrl =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const PARTY = 'group:default/squad-party';
const PEOPLE: Record<string, string[] | 'platform'> = {
  'user:default/party-a': [PARTY],
  'user:default/party-b': [PARTY],
  'user:default/orion-c': ['group:default/squad-orion'],
  'user:default/platform-p': 'platform',
};
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The portal policy: a receiver's owners create its jobs; platform all. */
const permissions = mockServices.permissions.mock({
  authorize: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async (requests, { credentials }) => {
    const ref = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    const squads = ref ? PEOPLE[ref] : undefined;
    return requests.map(r => {
      if (!('resourceType' in r.permission) || squads === 'platform') {
        return { result: AuthorizeResult.ALLOW };
      }
      if (!squads) return { result: AuthorizeResult.DENY };
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'reconstitution',
        resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
        conditions: {
          rule: 'IS_RECEIVER_OWNER',
          resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
          params: { claims: squads },
        },
      } as PolicyDecision;
    }) as any;
  },
});

/**
 * Four eyes on reconstitution into production receivers, through the API,
 * delivered by the plugin's worker to the real broker, on each database.
 */
describe('reconstitution job approvals', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'holds prod jobs until another owner approves on %s',
    async databaseId => {
      const suffix = randomUUID().slice(0, 8);
      const queue = `party-read-model.approvals.${suffix}`;
      const receiverRef = `component:default/party-read-model-${suffix}`;
      const entities: Entity[] = [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: `party-read-model-${suffix}`,
            annotations: { [RABBITMQ_QUEUES_ANNOTATION]: queue },
          },
          spec: { type: 'service', owner: 'squad-party', lifecycle: 'x' },
        },
      ];
      const broker = AmqpEnvironment.create({
        name: 'admin',
        url: amqpUrl,
        logger: mockServices.logger.mock(),
      });
      broker.start();
      await broker.whenConnected(10_000);
      await broker.withChannel(async ch => {
        await ch.assertQueue(queue, { durable: false });
      });
      const delivered = () =>
        broker.withChannel(
          async ch => (await ch.checkQueue(queue)).messageCount,
        );

      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      await store.archive(
        [...partyEvents(6), ...partyEvents(6)].map((e, n) => ({
          ...e,
          environment: n < 6 ? 'prod' : 'dev',
        })),
      );
      const notifications = notificationRecorder();
      const auditor = mockServices.auditor.mock();
      const backend = await startTestBackend({
        features: [
          reconstitutionPlugin,
          permissions.factory,
          auditor.factory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              amqp: {
                environments: { prod: { url: amqpUrl }, dev: { url: amqpUrl } },
              },
              reconstitution: {
                environments: {
                  prod: {
                    exchanges: [`integration-events.${suffix}`],
                    queue: `portal.reconstitution.archive.${suffix}`,
                  },
                  dev: {
                    exchanges: [`integration-events.${suffix}`],
                    queue: `portal.reconstitution.archive.dev.${suffix}`,
                  },
                },
              },
            },
          }),
          catalogServiceMock.factory({ entities }),
          mockQueueRegistry.fromEntities(entities).factory(),
          notifications.factory,
        ],
      });
      const api = request(backend.server);
      const create = (user: string, environment = 'prod') =>
        api
          .post('/api/reconstitution/jobs')
          .set('Authorization', as(user))
          .send({
            environment,
            domain: 'organisation',
            entityType: 'organisation-party',
            receiver: { entityRef: receiverRef, queue },
          });
      const approve = (user: string, id: string) =>
        api
          .post(`/api/reconstitution/jobs/${id}/approve`)
          .set('Authorization', as(user))
          .send({});
      const show = async (user: string, id: string) =>
        (
          await api
            .get(`/api/reconstitution/jobs/${id}`)
            .set('Authorization', as(user))
        ).body;
      const waitFor = async (id: string, state: string) => {
        for (let i = 0; i < 300; i++) {
          const detail = await show('party-a', id);
          if (detail.job.state === state) return detail;
          await sleep(100);
        }
        throw new Error(`job ${id} never reached ${state}`);
      };

      try {
        // A job into a prod receiver waits for approval.
        const created = await create('party-a');
        expect(created.status).toBe(201);
        const job = created.body.job;
        expect(job).toMatchObject({
          state: 'awaiting-approval',
          approval: {
            approvers: 'Squad Party or the platform team',
            canDecide: false,
          },
        });
        expect(notifications.sent).toEqual([
          expect.objectContaining({
            recipients: {
              type: 'entity',
              entityRef: [PARTY, 'group:default/squad-atlas'],
            },
          }),
        ]);
        expect((await show('party-b', job.id)).job.approval.canDecide).toBe(
          true,
        );
        expect((await show('orion-c', job.id)).job.approval.canDecide).toBe(
          false,
        );

        // The requester cannot approve; nor can another squad.
        const self = await approve('party-a', job.id);
        expect(self.status).toBe(403);
        expect(self.body.error.message).toBe(
          'You asked for this reconstitution job; another member of Squad Party or the platform team must approve it',
        );
        expect((await approve('orion-c', job.id)).status).toBe(403);

        // Another owner approves: it runs, every event delivered once.
        const approved = await approve('party-b', job.id);
        expect(approved.status).toBe(200);
        expect(approved.body.job).toMatchObject({
          state: 'pending',
          approval: { decidedBy: 'user:default/party-b' },
        });
        const done = await waitFor(job.id, 'completed');
        expect(done.job.progress.confirmed).toBe(6);
        expect(await delivered()).toBe(6);
        // It never started before it was approved.
        expect(
          done.audit.map((a: { action: string }) => a.action).slice(0, 3),
        ).toEqual(['create', 'approve', 'start']);
        expect((await approve('platform-p', job.id)).status).toBe(409);
        expect(
          auditor.createEvent.mock.calls.map(([e]) => e.eventId),
        ).toContain('job-approve');

        // An expired job is refused at approval and never runs.
        const late = (await create('party-a')).body.job;
        await knex('reconstitution_jobs')
          .where('id', late.id)
          .update({ approval_expires_at: new Date(Date.now() - 1000) });
        const tooLate = await approve('platform-p', late.id);
        expect(tooLate.status).toBe(409);
        expect((await show('party-a', late.id)).job.state).toBe('expired');

        // Refused by the platform team: never runs, the requester is told.
        const refusedJob = (await create('party-a')).body.job;
        const refused = await api
          .post(`/api/reconstitution/jobs/${refusedJob.id}/refuse`)
          .set('Authorization', as('platform-p'))
          .send({ reason: 'Month-end freeze' });
        expect(refused.body.job).toMatchObject({
          state: 'refused',
          approval: { reason: 'Month-end freeze' },
        });
        expect(notifications.sent.at(-1)).toMatchObject({
          recipients: { entityRef: ['user:default/party-a'] },
        });

        // In dev, a job starts without approval.
        const devJob = (await create('party-a', 'dev')).body.job;
        expect(devJob.approval).toBeUndefined();
        await waitFor(devJob.id, 'completed');
        expect(await delivered()).toBe(12);
      } finally {
        await backend.stop();
        await broker.withChannel(ch => ch.deleteQueue(queue));
        await broker.stop();
      }
    },
  );
});
