import request from 'supertest';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deadLetterDiscardPermission } from '@internal/backstage-plugin-dead-letter-common';
import { deadLetterPlugin } from './plugin';
import { DeadLetterDatabase } from './database';
import { parseDeadLetter } from './capture/parseDeadLetter';
import {
  createDeadLetterConditionalDecision,
  deadLetterConditions,
} from './permissions';

jest.setTimeout(60_000);

function deadLetter(queue: string, body: string) {
  return parseDeadLetter(
    {
      content: Buffer.from(body),
      fields: { redelivered: false },
      properties: {
        headers: {
          'x-first-death-queue': queue,
          'x-first-death-reason': 'rejected',
          'x-first-death-exchange': 'orders',
        },
      },
    },
    { environment: 'dev', deadLetterQueue: 'dead-letters' },
  );
}

/**
 * Discard and restore through the API, with the permission decision a
 * squad member gets from the portal's policy: only messages owned by their
 * squads, all or nothing, every attempt audited.
 */
describe('dead-letter actions', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'discards and restores owned messages only on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const squadMember = mockServices.permissions.mock({
        authorizeConditional: async requests =>
          requests.map(({ permission }) =>
            permission.name === deadLetterDiscardPermission.name
              ? createDeadLetterConditionalDecision(
                  deadLetterDiscardPermission,
                  deadLetterConditions.isDeadLetterOwner({
                    claims: ['group:default/squad-aura'],
                  }),
                )
              : { result: AuthorizeResult.ALLOW },
          ),
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      });
      const backend = await startTestBackend({
        features: [
          deadLetterPlugin,
          mockServices.database.factory({ knex }),
          squadMember.factory,
          mockServices.rootConfig.factory({
            data: {
              amqp: { environments: { dev: { url: 'amqp://127.0.0.1:1' } } },
              deadLetter: {
                environments: { dev: { queues: ['dead-letters'] } },
              },
            },
          }),
          mockQueueRegistry.fromCatalog(),
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      try {
        const database = await DeadLetterDatabase.create({
          database: mockServices.database({ knex }),
        });
        await database.messages.insertCaptured([
          {
            ...deadLetter('orders.a', '{"n":1}'),
            ownerRef: 'group:default/squad-aura',
          },
          {
            ...deadLetter('orders.a', '{"n":2}'),
            ownerRef: 'group:default/squad-aura',
          },
          {
            ...deadLetter('ledger.b', '{"n":3}'),
            ownerRef: 'group:default/squad-orion',
          },
        ]);
        const { items } = await database.queries.list({
          environment: 'dev',
          limit: 10,
        });
        const byBody = async (n: number) => {
          for (const item of items) {
            const full = await database.queries.get(item.id);
            if (
              Buffer.from(full!.bodyBase64, 'base64').toString() ===
              `{"n":${n}}`
            ) {
              return item.id;
            }
          }
          throw new Error(`no message ${n}`);
        };
        const [aura1, aura2, orion] = [
          await byBody(1),
          await byBody(2),
          await byBody(3),
        ];
        const stateOf = async (id: string) =>
          (await database.queries.get(id))!.state;
        const api = request(backend.server);

        const discarded = await api
          .post('/api/dead-letter/messages/discard')
          .send({ ids: [aura1] });
        expect(discarded.status).toBe(200);
        expect(discarded.body).toEqual({ requested: 1, affected: 1 });
        expect(await stateOf(aura1)).toBe('discarded');

        // One foreign message in the selection: nothing happens.
        const mixed = await api
          .post('/api/dead-letter/messages/discard')
          .send({ ids: [aura2, orion] });
        expect(mixed.status).toBe(403);
        expect(mixed.body.error.message).toMatch(/1 of 2 selected messages/);
        expect(await stateOf(aura2)).toBe('unresolved');
        expect(await stateOf(orion)).toBe('unresolved');

        const restored = await api
          .post('/api/dead-letter/messages/restore')
          .send({ ids: [aura1, aura2] });
        expect(restored.body).toEqual({ requested: 2, affected: 1 });
        expect(await stateOf(aura1)).toBe('unresolved');

        const bad = await api
          .post('/api/dead-letter/messages/discard')
          .send({ ids: ['not-an-id'] });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/ids\.0: must be message ids/);
        const empty = await api
          .post('/api/dead-letter/messages/discard')
          .send({ ids: [] });
        expect(empty.status).toBe(400);
        expect(empty.body.error.message).toMatch(/ids: select at least one/);

        const audit = await api.get('/api/dead-letter/audit');
        expect(audit.status).toBe(200);
        expect(
          audit.body.items.map((e: any) => [e.action, e.outcome, e.affected]),
        ).toEqual([
          ['restore', 'succeeded', 1],
          ['discard', 'denied', 0],
          ['discard', 'succeeded', 1],
        ]);
        expect(audit.body.items[0]).toMatchObject({
          actor: 'user:default/mock',
          environment: 'dev',
          requested: 2,
          selection: { ids: [aura1, aura2] },
          details: '1 not discarded, left as they were',
        });
      } finally {
        await backend.stop();
      }
    },
  );
});
