import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';
import { Knex } from 'knex';
import { reconstitutionPlugin } from '../plugin';
import { EventToArchive } from '../database/EventArchiveStore';

export const RECEIVER_REF = 'component:default/party-read-model';

/** Catalog components: one receiver with two queues, one without queues. */
export const receiverEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'party-read-model',
      annotations: {
        [RABBITMQ_QUEUES_ANNOTATION]:
          'party-read-model.events, party-read-model.gdpr',
      },
    },
    spec: { type: 'service', owner: 'squad-party', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'no-queues' },
    spec: { type: 'service', owner: 'squad-party', lifecycle: 'production' },
  },
];

/** `count` organisation-party events a minute apart from 2026-11-20 10:00. */
export function partyEvents(count: number): EventToArchive[] {
  return Array.from({ length: count }, (_, n) => ({
    environment: 'dev',
    domain: 'organisation',
    entityType: 'organisation-party',
    messageId: `m-${n}`,
    entityId: `party-${n % 2}`,
    eventName: n < 4 ? 'PartyUpdated' : 'PartyDeleted',
    occurredAt: new Date(Date.UTC(2026, 10, 20, 10, n)),
    exchange: 'integration-events',
    routingKey: 'organisation.organisation-party.x',
    headers: {},
    properties: {},
    body: Buffer.from('{}'),
  }));
}

/** Records what would have been sent as notifications. */
export function notificationRecorder() {
  const sent: NotificationSendOptions[] = [];
  const factory = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      async send(notification: NotificationSendOptions) {
        sent.push(notification);
      },
    }),
  });
  return { sent, factory };
}

/** The plugin in a test backend; the broker is not needed for the API. */
export async function startApi(options: {
  knex: Knex;
  features?: Parameters<typeof startTestBackend>[0]['features'];
  amqpUrl?: string;
}) {
  const notifications = notificationRecorder();
  const backend = await startTestBackend({
    features: [
      reconstitutionPlugin,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          amqp: {
            environments: {
              // Nothing listens here unless a test brings a broker.
              dev: { url: options.amqpUrl ?? 'amqp://guest:guest@127.0.0.1:1' },
            },
          },
          reconstitution: {
            environments: { dev: { exchanges: ['integration-events'] } },
          },
        },
      }),
      catalogServiceMock.factory({ entities: receiverEntities }),
      mockQueueRegistry.fromEntities(receiverEntities).factory(),
      notifications.factory,
      ...(options.features ?? []),
    ],
  });
  return { backend, notifications: notifications.sent };
}
