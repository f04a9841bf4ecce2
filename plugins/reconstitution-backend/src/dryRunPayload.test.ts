import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { reconstitutionPlugin } from './plugin';
import { EventArchiveStore } from './database/EventArchiveStore';
import {
  notificationRecorder,
  partyEvents,
  receiverEntities,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const PAYLOAD_TEXT = 'Jane Distinctive Doe, NL91ABNA0417164300';
const HEADER_TEXT = 'customer-header-distinctive';

/**
 * The dry run's sample is metadata only, in every environment and for every
 * caller: what a job would deliver is counted and named, never shown. Prod
 * payloads and headers (customer data) cannot leak through it.
 */
describe('reconstitution dry run', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'samples prod events without payloads or headers on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await EventArchiveStore.create({
        database: mockServices.database({ knex }),
      });
      await store.archive(
        partyEvents(3).map(event => ({
          ...event,
          environment: 'prod',
          headers: { 'x-customer': HEADER_TEXT },
          properties: { correlationId: HEADER_TEXT },
          body: Buffer.from(JSON.stringify({ name: PAYLOAD_TEXT })),
        })),
      );
      const backend = await startTestBackend({
        features: [
          reconstitutionPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              amqp: {
                environments: { prod: { url: 'amqp://127.0.0.1:1' } },
              },
              reconstitution: {
                environments: { prod: { exchanges: ['integration-events'] } },
              },
            },
          }),
          catalogServiceMock.factory({ entities: receiverEntities }),
          mockQueueRegistry.fromEntities(receiverEntities).factory(),
          notificationRecorder().factory,
        ],
      });
      try {
        const dryRun = await request(backend.server)
          .post('/api/reconstitution/dry-run')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/not-an-owner'),
          )
          .send({
            environment: 'prod',
            domain: 'organisation',
            entityType: 'organisation-party',
            sampleSize: 3,
          })
          .expect(200);
        expect(dryRun.body.total).toBe(3);
        expect(dryRun.body.sample).toHaveLength(3);
        for (const needle of [
          PAYLOAD_TEXT,
          HEADER_TEXT,
          Buffer.from(`{"name":"${PAYLOAD_TEXT}`)
            .toString('base64')
            .slice(0, 24),
        ]) {
          expect(dryRun.text).not.toContain(needle);
        }
        for (const event of dryRun.body.sample) {
          expect(Object.keys(event).sort()).toEqual([
            'domain',
            'entityId',
            'entityType',
            'environment',
            'eventName',
            'exchange',
            'messageId',
            'occurredAt',
            'routingKey',
          ]);
        }
      } finally {
        await backend.stop();
      }
    },
  );
});
