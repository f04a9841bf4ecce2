import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RECONSTITUTION_RECEIVER_RESOURCE_TYPE } from '@internal/backstage-plugin-reconstitution-common';
import {
  partyEvents,
  RECEIVER_REF,
  startApi,
} from './__testUtils__/testBackend';
import { EventArchiveStore } from './database/EventArchiveStore';

jest.setTimeout(60_000);

/** A policy allowing create and cancel only for receivers `squad` owns. */
function ownerOnlyPermissions(squad: string) {
  const conditional: PolicyDecision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'reconstitution',
    resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
    conditions: {
      rule: 'IS_RECEIVER_OWNER',
      resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
      params: { claims: [squad] },
    },
  };
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(r =>
          'resourceType' in r.permission
            ? conditional
            : { result: AuthorizeResult.ALLOW },
        ) as any,
    }),
  });
}

const job = {
  environment: 'dev',
  domain: 'organisation',
  entityType: 'organisation-party',
  receiver: { entityRef: RECEIVER_REF, queue: 'party-read-model.events' },
};

describe('reconstitution jobs API', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function archive(databaseId: string) {
    const knex = await databases.init(databaseId as any);
    const store = await EventArchiveStore.create({
      database: mockServices.database({ knex }),
    });
    await store.archive(partyEvents(6));
    return knex;
  }

  it.each(databases.eachSupportedId())(
    'creates, lists, shows and cancels jobs on %s',
    async databaseId => {
      const knex = await archive(databaseId);
      const { backend, notifications } = await startApi({ knex });
      const api = request(backend.server);
      try {
        const receivers = await api.get('/api/reconstitution/receivers');
        expect(receivers.body.items).toEqual([
          expect.objectContaining({
            entityRef: RECEIVER_REF,
            ownerRef: 'group:default/squad-party',
            queues: ['party-read-model.events', 'party-read-model.gdpr'],
          }),
        ]);

        const created = await api.post('/api/reconstitution/jobs').send({
          ...job,
          from: '2026-11-20T10:01:00Z',
          entityIds: ['party-1', 'party-1'],
          eventNames: ['PartyUpdated'],
          ratePerSecond: 50,
        });
        expect(created.status).toBe(201);
        const id = created.body.job.id;
        expect(created.body.job).toMatchObject({
          state: 'pending',
          environment: 'dev',
          source: 'archive',
          receiver: {
            entityRef: RECEIVER_REF,
            queue: 'party-read-model.events',
            ownerRef: 'group:default/squad-party',
          },
          producer: {
            domain: 'organisation',
            entityType: 'organisation-party',
          },
          from: '2026-11-20T10:01:00.000Z',
          eventNames: ['PartyUpdated'],
          // Duplicates count once.
          entityIdCount: 1,
          ratePerSecond: 50,
          createdBy: 'user:default/mock',
          // m-1 and m-3 are party-1's PartyUpdated events from 10:01 on.
          progress: { matched: 2, sent: 0, confirmed: 0 },
          reason: 'Waits for a backend instance to start it',
        });
        // Open-ended jobs end at their creation.
        expect(created.body.job.to).toBe(created.body.job.createdAt);

        const second = await api.post('/api/reconstitution/jobs').send({
          ...job,
          receiver: { ...job.receiver, queue: 'party-read-model.gdpr' },
        });
        expect(second.status).toBe(201);

        const list = await api
          .get('/api/reconstitution/jobs')
          .query({ limit: 1 });
        expect(list.body.items.map((j: any) => j.id)).toEqual([
          second.body.job.id,
        ]);
        const next = await api
          .get('/api/reconstitution/jobs')
          .query({ limit: 1, cursor: list.body.nextCursor });
        expect(next.body.items.map((j: any) => j.id)).toEqual([id]);
        expect(next.body.nextCursor).toBeUndefined();
        const filtered = await api
          .get('/api/reconstitution/jobs')
          .query({ state: ['pending', 'running'], receiver: RECEIVER_REF });
        expect(filtered.body.items).toHaveLength(2);
        const none = await api
          .get('/api/reconstitution/jobs')
          .query({ state: 'completed' });
        expect(none.body.items).toHaveLength(0);

        const detail = await api.get(`/api/reconstitution/jobs/${id}`);
        expect(detail.status).toBe(200);
        expect(detail.body.entityIds).toEqual(['party-1']);
        expect(detail.body.audit).toEqual([
          expect.objectContaining({
            action: 'create',
            actor: 'user:default/mock',
          }),
        ]);

        const cancelled = await api.post(
          `/api/reconstitution/jobs/${id}/cancel`,
        );
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.job).toMatchObject({
          state: 'cancelled',
          reason: 'Cancelled by user:default/mock',
        });
        expect(notifications).toEqual([
          {
            recipients: { type: 'entity', entityRef: 'user:default/mock' },
            payload: expect.objectContaining({
              title: expect.stringMatching(/cancelled/),
              link: `/reconstitution/jobs/${id}`,
            }),
          },
        ]);
        const again = await api.post(`/api/reconstitution/jobs/${id}/cancel`);
        expect(again.status).toBe(409);
        const audit = await api.get(`/api/reconstitution/jobs/${id}`);
        expect(audit.body.audit.map((a: any) => a.action)).toEqual([
          'create',
          'cancel',
        ]);
        expect(
          (await api.get('/api/reconstitution/jobs/not-a-job')).status,
        ).toBe(400);
        expect(
          (
            await api.get(
              '/api/reconstitution/jobs/00000000-0000-4000-8000-000000000000',
            )
          ).status,
        ).toBe(404);
      } finally {
        await backend.stop();
      }
    },
  );

  it('names the field of every bad job request', async () => {
    const knex = await archive('POSTGRES_15');
    const { backend } = await startApi({ knex });
    const api = request(backend.server);
    try {
      const bad: Array<[object, RegExp]> = [
        [
          { ...job, from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' },
          /to: must be after from/,
        ],
        [
          { ...job, domain: 'payments' },
          /domain: unknown producer 'payments \[organisation-party\]'/,
        ],
        [
          {
            ...job,
            receiver: { entityRef: 'component:default/no-queues', queue: 'q' },
          },
          /receiver.entityRef: component:default\/no-queues declares no queues/,
        ],
        [
          {
            ...job,
            receiver: { entityRef: 'component:default/nowhere', queue: 'q' },
          },
          /receiver.entityRef: no component 'component:default\/nowhere'/,
        ],
        [
          { ...job, receiver: { ...job.receiver, queue: 'other' } },
          /receiver.queue: 'other' is not a queue of/,
        ],
        [{ ...job, receiver: undefined }, /receiver: Required/],
        [
          {
            ...job,
            entityIds: Array.from({ length: 100_001 }, (_, i) => `e${i}`),
          },
          /entityIds: at most 100000 entity ids/,
        ],
        [
          { ...job, eventNames: ['PartyMoved'] },
          /eventNames: PartyMoved is not/,
        ],
        [{ ...job, entityIds: ['party-9'] }, /matches no archived events/],
        [{ ...job, ratePerSecond: 0 }, /ratePerSecond: must be at least 1/],
        [
          { ...job, ratePerSecond: 1.5 },
          /ratePerSecond: must be a whole number/,
        ],
        [{ ...job, source: 'kafka' }, /source: unknown event source 'kafka'/],
        [{ ...job, environment: 'qa' }, /environment: unknown environment/],
      ];
      for (const [body, message] of bad) {
        const res = await api.post('/api/reconstitution/jobs').send(body);
        expect({
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({ status: 400, message: expect.stringMatching(message) });
      }
      const badList = await api
        .get('/api/reconstitution/jobs')
        .query({ state: 'done', cursor: 'x' });
      expect(badList.status).toBe(400);
      expect(badList.body.error.message).toMatch(/state/);
      const badCursor = await api
        .get('/api/reconstitution/jobs')
        .query({ cursor: 'x' });
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.message).toMatch(/cursor/);
      // Nothing was created by any of it.
      const list = await api.get('/api/reconstitution/jobs');
      expect(list.body.items).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('lets only the receiver owners create and cancel its jobs', async () => {
    const knex = await archive('SQLITE_3');
    const owners = await startApi({ knex });
    const created = await request(owners.backend.server)
      .post('/api/reconstitution/jobs')
      .send(job);
    await owners.backend.stop();
    expect(created.status).toBe(201);

    const other = await startApi({
      knex,
      features: [ownerOnlyPermissions('group:default/squad-other')],
    });
    try {
      const api = request(other.backend.server);
      const refused = await api.post('/api/reconstitution/jobs').send(job);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(
        /Only the owners of component:default\/party-read-model \(group:default\/squad-party\)/,
      );
      const cancel = await api.post(
        `/api/reconstitution/jobs/${created.body.job.id}/cancel`,
      );
      expect(cancel.status).toBe(403);
      // Everyone may read.
      expect(
        (await api.get('/api/reconstitution/jobs')).body.items,
      ).toHaveLength(1);
    } finally {
      await other.backend.stop();
    }

    const squad = await startApi({
      knex,
      features: [ownerOnlyPermissions('group:default/squad-party')],
    });
    try {
      const api = request(squad.backend.server);
      expect(
        (await api.post('/api/reconstitution/jobs').send(job)).status,
      ).toBe(201);
      const cancel = await api.post(
        `/api/reconstitution/jobs/${created.body.job.id}/cancel`,
      );
      expect(cancel.status).toBe(200);
    } finally {
      await squad.backend.stop();
    }
  });

  it('refuses everything to users the policy denies', async () => {
    const knex = await archive('SQLITE_3');
    const { backend } = await startApi({
      knex,
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      const api = request(backend.server);
      expect(
        (await api.post('/api/reconstitution/jobs').send(job)).status,
      ).toBe(403);
      expect((await api.get('/api/reconstitution/jobs')).status).toBe(403);
    } finally {
      await backend.stop();
    }
  });
});
