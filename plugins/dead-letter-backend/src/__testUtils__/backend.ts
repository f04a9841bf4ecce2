import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { deadLetterPlugin } from '../plugin';
import { DeadLetterDatabase } from '../database';
import { amqpUrl, connectAdmin, Names } from './broker';

/**
 * dev and prod on a broker nobody listens on (reads and actions do not need
 * it), one dead-letter queue each.
 */
export const OFFLINE_DEV_AND_PROD: JsonObject = {
  amqp: {
    environments: {
      dev: { url: 'amqp://127.0.0.1:1' },
      prod: { url: 'amqp://127.0.0.1:1' },
    },
  },
  deadLetter: {
    environments: {
      dev: { queues: ['dead-letters'] },
      prod: { queues: ['dead-letters'] },
    },
  },
};

/**
 * dev on the real broker, capturing `names.deadLetterQueue`; `environment`
 * adds to dev's settings, `deadLetter` to the plugin's.
 */
export function devOnBroker(
  names: Names,
  more: { environment?: JsonObject; deadLetter?: JsonObject } = {},
): JsonObject {
  return {
    amqp: { environments: { dev: { url: amqpUrl } } },
    deadLetter: {
      environments: {
        dev: { queues: [names.deadLetterQueue], ...more.environment },
      },
      ...more.deadLetter,
    },
  };
}

/** Squad Aura's order service, which consumes `queue`. */
export function orderService(queue: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'order-service',
      namespace: 'default',
      annotations: {
        'meridian.bank/rabbitmq-queues': queue,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'squad-aura',
    },
  };
}

/**
 * The dead-letter plugin in a test backend with this root config, on `knex`
 * (without: the test backend's own database), its queue registry read from
 * a catalog of `entities`.
 */
export function startDeadLetterBackend(options: {
  config: JsonObject;
  knex?: Knex;
  entities?: Entity[];
  /** More features, such as mock auditor or permissions services. */
  features?: BackendFeature[];
}) {
  const { knex } = options;
  return startTestBackend({
    features: [
      deadLetterPlugin,
      ...(options.features ?? []),
      ...(knex ? [mockServices.database.factory({ knex })] : []),
      mockServices.rootConfig.factory({ data: options.config }),
      mockQueueRegistry.fromCatalog(),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
    ],
  });
}

/** The plugin's stores on `knex`, to seed and inspect what the API serves. */
export function openDatabase(knex: Knex) {
  return DeadLetterDatabase.create({
    database: mockServices.database({ knex }),
  });
}

/**
 * A run's own dead-letter topology on the real broker (`admin` declared it)
 * and the plugin on this database, capturing its DLQ in dev.
 */
export async function startOnBroker(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
  names: Names,
  options: {
    /** What dev and the plugin are set up with beyond the DLQ. */
    config?: Parameters<typeof devOnBroker>[1];
    entities?: Entity[];
  } = {},
) {
  const admin = await connectAdmin(names);
  const knex = await databases.init(databaseId);
  const backend = await startDeadLetterBackend({
    knex,
    config: devOnBroker(names, options.config),
    entities: options.entities,
  });
  return { admin, knex, backend };
}
