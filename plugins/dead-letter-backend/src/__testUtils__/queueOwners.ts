import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deadLetterDiscardPermission,
  deadLetterReadBodyPermission,
  deadLetterReplayPermission,
  deadLetterReplayTargetPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import { QueueRegistryResponse } from '@internal/backstage-plugin-queue-registry-common';
import {
  QueueRegistry,
  queueRegistryServiceRef,
} from '@internal/backstage-plugin-queue-registry-node';
import { deadLetterPlugin } from '../plugin';
import { DeadLetterDatabase } from '../database';
import { parseDeadLetter } from '../capture/parseDeadLetter';
import {
  createDeadLetterConditionalDecision,
  createDeadLetterQueueConditionalDecision,
  deadLetterConditions,
  deadLetterQueueConditions,
} from '../permissions';
import { amqpUrl, connectBroker } from './broker';

export const AURA = 'group:default/squad-aura';
export const ORION = 'group:default/squad-orion';
export const AURA_COMPONENT = 'component:default/ledger-posting-service';
export const ORION_COMPONENT = 'component:default/orion-ledger-service';
/** The guest's component that claims Squad Aura's queue (sorts first). */
export const CLAIMANT_COMPONENT = 'component:default/0';

/** Who the portal's policy sees: squads, or the platform team. */
export const PEOPLE = {
  auraMember: { ref: 'user:default/aura-dev', squads: [AURA] },
  /** Like the guest: a member of Squad Orion only. */
  orionMember: { ref: 'user:default/orion-dev', squads: [ORION] },
  platform: { ref: 'user:default/platform-dev', squads: 'platform' as const },
  nobody: { ref: 'user:default/no-squad', squads: [] as string[] },
};
export type Person = keyof typeof PEOPLE;

function component(ref: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/**
 * The permission decisions of the portal's policy
 * (packages/backend/src/modules/permissionPolicy.ts), per person: replay,
 * discard and body reads on the message's stored owner, replay destinations
 * on the queue's registered owner, everything for the platform team.
 */
function portalPolicy() {
  const onMessages = [
    deadLetterReplayPermission.name,
    deadLetterDiscardPermission.name,
    deadLetterReadBodyPermission.name,
  ];
  return mockServices.permissions.mock({
    authorizeConditional: async (requests, { credentials }) => {
      const ref = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      const person = Object.values(PEOPLE).find(p => p.ref === ref);
      return requests.map(({ permission }) => {
        const onQueue =
          permission.name === deadLetterReplayTargetPermission.name;
        if (!onQueue && !onMessages.includes(permission.name)) {
          return { result: AuthorizeResult.ALLOW };
        }
        if (!person) return { result: AuthorizeResult.DENY };
        if (person.squads === 'platform') {
          return { result: AuthorizeResult.ALLOW };
        }
        return onQueue
          ? createDeadLetterQueueConditionalDecision(
              deadLetterReplayTargetPermission,
              deadLetterQueueConditions.isQueueOwner({ claims: person.squads }),
            )
          : createDeadLetterConditionalDecision(
              permission as typeof deadLetterReplayPermission,
              deadLetterConditions.isDeadLetterOwner({
                claims: person.squads,
              }),
            );
      });
    },
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  });
}

/** Hands the dead-letter plugin's scheduler to the test, to trigger tasks. */
function exposeScheduler(use: (scheduler: SchedulerService) => void) {
  return createBackendModule({
    pluginId: 'dead-letter',
    moduleId: 'test-scheduler',
    register(reg) {
      reg.registerInit({
        deps: { s: coreServices.scheduler },
        async init({ s }) {
          use(s);
        },
      });
    },
  });
}

/** A JSON message rejected in `queue`, as RabbitMQ dead-letters it. */
function diedIn(queue: string, body: string) {
  return {
    content: Buffer.from(body),
    fields: { redelivered: false },
    properties: {
      contentType: 'application/json',
      messageId: body,
      headers: {
        'x-first-death-queue': queue,
        'x-first-death-reason': 'rejected',
        // Published to the default exchange: `original` is the queue.
        'x-first-death-exchange': '',
      },
    },
  };
}

/**
 * The dead-letter backend on a real database and the real broker (dev and
 * prod both on it), reading a queue registry the test sets
 * (`setRegistry`, then `refreshOwners`), with Squad Aura's and Squad
 * Orion's components in the catalog and queues of this run's own names.
 */
export async function startQueueOwnersBackend(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
  options: { registry?: QueueRegistryResponse } = {},
) {
  const suffix = randomUUID().slice(0, 8);
  const queues = {
    auraIn: `aura.payments.in.${suffix}`,
    auraRetry: `aura.payments.retry.${suffix}`,
    orionIn: `orion.ledger.in.${suffix}`,
    unregistered: `nobody.queue.${suffix}`,
  };
  const dlq = { dev: `dlq.dev.${suffix}`, prod: `dlq.prod.${suffix}` };
  const admin = await connectBroker();
  await admin.withChannel(async channel => {
    for (const queue of [...Object.values(queues), ...Object.values(dlq)]) {
      await channel.assertQueue(queue, { durable: false });
    }
  });

  let registry: QueueRegistryResponse = options.registry ?? {
    claims: [],
    conflicts: [],
  };
  let scheduler: SchedulerService | undefined;
  const knex = await databases.init(databaseId);
  const backend = await startTestBackend({
    features: [
      deadLetterPlugin,
      portalPolicy().factory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          amqp: {
            environments: { dev: { url: amqpUrl }, prod: { url: amqpUrl } },
          },
          deadLetter: {
            // Owners are reloaded when the test says so.
            ownerRefreshMinutes: 600,
            environments: {
              dev: { queues: [dlq.dev] },
              prod: { queues: [dlq.prod] },
            },
          },
        },
      }),
      createServiceFactory({
        service: queueRegistryServiceRef,
        deps: {},
        factory: (): QueueRegistry => ({ list: async () => registry }),
      }),
      catalogServiceMock.factory({
        entities: [
          component(AURA_COMPONENT, 'squad-aura'),
          component(ORION_COMPONENT, 'group:default/squad-orion'),
          component(CLAIMANT_COMPONENT, 'squad-orion'),
        ],
      }),
      exposeScheduler(s => {
        scheduler = s;
      }),
    ],
  });
  const database = await DeadLetterDatabase.create({
    database: mockServices.database({ knex }),
  });

  return {
    backend,
    database,
    queues,
    /** Authorization header of a person. */
    as: (person: Person) => mockCredentials.user.header(PEOPLE[person].ref),
    /** A registry with these claims (queue → component ref) and conflicts. */
    setRegistry(next: {
      claims: Record<string, string>;
      conflicts?: QueueRegistryResponse['conflicts'];
    }) {
      registry = {
        claims: Object.entries(next.claims).map(([queue, entityRef]) => ({
          queue,
          entityRef,
          claimedAt: '2026-01-01T00:00:00.000Z',
        })),
        conflicts: next.conflicts ?? [],
      };
    },
    /** Runs the plugin's owner refresh task to its end. */
    async refreshOwners() {
      await scheduler!.triggerTask('dead-letter-owner-refresh');
    },
    /** Stores a dead letter that died in `queue`, with this stored owner. */
    async insert(
      environment: 'dev' | 'prod',
      queue: string,
      body: string,
      ownerRef?: string,
    ) {
      const captured = parseDeadLetter(diedIn(queue, body), {
        environment,
        deadLetterQueue: dlq[environment],
      });
      await database.messages.insertCaptured([{ ...captured, ownerRef }]);
      const { items } = await database.queries.list({
        environment,
        limit: 500,
      });
      return items.find(m => m.messageId === body)!.id;
    },
    /** The next message in a queue (waits a little for a publish). */
    async take(queue: string): Promise<string | undefined> {
      return admin.withChannel(async ch => {
        for (let i = 0; i < 50; i++) {
          const got = await ch.get(queue, { noAck: true });
          if (got) return got.content.toString();
          await new Promise(r => setTimeout(r, 100));
        }
        return undefined;
      });
    },
    async stop() {
      await backend.stop();
      await admin.withChannel(async ch => {
        for (const queue of [...Object.values(queues), ...Object.values(dlq)]) {
          await ch.deleteQueue(queue);
        }
      });
      await admin.stop();
    },
  };
}
