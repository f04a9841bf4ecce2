import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { devComponent, startDevBackend } from '@internal/portal-test-utils/dev';

// Runs the dead-letter backend alone against the local RabbitMQ (vhost "/")
// with one example component owning the "orders.processing" queue:
//
//   yarn start    (in this folder)
//   curl http://localhost:7007/api/dead-letter/environments
//   curl 'http://localhost:7007/api/dead-letter/messages?environment=dev'
//
// Requests are made as a mock user; see app-config.yaml for `amqp` and
// `deadLetter` settings.
startDevBackend({
  config: {
    amqp: {
      environments: { dev: { url: 'amqp://guest:guest@127.0.0.1:5672' } },
    },
    deadLetter: {
      environments: { dev: { queues: ['orders.processing.dlq'] } },
    },
  },
  entities: [
    devComponent('order-service', 'squad-aura', {
      'meridian.bank/rabbitmq-queues': 'orders.processing',
    }),
  ],
  features: [mockQueueRegistry.fromCatalog(), import('../src')],
});
