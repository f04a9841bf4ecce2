import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';

// Runs the dead-letter backend alone against the local RabbitMQ (vhost "/")
// with one example component owning the "orders.processing" queue:
//
//   yarn start    (in this folder)
//   curl http://localhost:7007/api/dead-letter/environments
//   curl 'http://localhost:7007/api/dead-letter/messages?environment=dev'
//
// Requests are made as a mock user; see app-config.yaml for `amqp` and
// `deadLetter` settings.
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
      deadLetter: {
        environments: { dev: { queues: ['orders.processing.dlq'] } },
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
          name: 'order-service',
          namespace: 'default',
          annotations: {
            'meridian.bank/rabbitmq-queues': 'orders.processing',
          },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'squad-aura' },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
