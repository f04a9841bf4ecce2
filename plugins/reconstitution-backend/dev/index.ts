import { createBackend } from '@backstage/backend-defaults';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { notificationService } from '@backstage/plugin-notifications-node';

// Runs the reconstitution backend alone against the local RabbitMQ (vhost
// "/"), archiving the `integration-events` exchange, with one example
// receiver declaring the `party-read-model.events` queue:
//
//   yarn start    (in this folder)
//   curl http://localhost:7007/api/reconstitution/producers
//   curl http://localhost:7007/api/reconstitution/receivers
//
// Requests are made as a mock user; notifications are logged.
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  mockServices.rootConfig.factory({
    data: {
      backend: {
        baseUrl: 'http://localhost:7007',
        listen: { port: 7007 },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      amqp: {
        environments: { dev: { url: 'amqp://guest:guest@127.0.0.1:5672' } },
      },
      reconstitution: {
        environments: { dev: { exchanges: ['integration-events'] } },
      },
    },
  }),
);
backend.add(mockQueueRegistry.fromCatalog());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'party-read-model',
          annotations: {
            'meridian.bank/rabbitmq-queues': 'party-read-model.events',
          },
        },
        spec: {
          type: 'service',
          owner: 'squad-party',
          lifecycle: 'production',
        },
      },
    ],
  }),
);
backend.add(
  createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      async send(notification) {
        // eslint-disable-next-line no-console
        console.log('notification', JSON.stringify(notification));
      },
    }),
  }),
);
backend.add(import('../src'));
backend.start();
