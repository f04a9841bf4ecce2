import { createServiceFactory } from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { devComponent, startDevBackend } from '@internal/portal-test-utils/dev';

// Runs the reconstitution backend alone against the local RabbitMQ (vhost
// "/"), archiving the `integration-events` exchange, with one example
// receiver declaring the `party-read-model.events` queue:
//
//   yarn start    (in this folder)
//   curl http://localhost:7007/api/reconstitution/producers
//   curl http://localhost:7007/api/reconstitution/receivers
//
// Requests are made as a mock user; notifications are logged.
startDevBackend({
  config: {
    amqp: {
      environments: { dev: { url: 'amqp://guest:guest@127.0.0.1:5672' } },
    },
    reconstitution: {
      environments: { dev: { exchanges: ['integration-events'] } },
    },
  },
  entities: [
    devComponent('party-read-model', 'squad-party', {
      'meridian.bank/rabbitmq-queues': 'party-read-model.events',
    }),
  ],
  features: [
    mockQueueRegistry.fromCatalog(),
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
    import('../src'),
  ],
});
