import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseQueueAnnotation,
  RABBITMQ_QUEUES_ANNOTATION,
} from '@internal/backstage-plugin-queue-registry-common';
import type { ReconstitutionReceiver } from '@internal/backstage-plugin-reconstitution-common';
import { QueueRegistry } from '@internal/backstage-plugin-queue-registry-node';

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** How long the list of receivers is reused before asking the catalog again. */
const LIST_TTL_MS = 30_000;

/**
 * The component as a receiver of the queues it declares; with `owned`, only
 * those the queue registry gives to it (a later claim on someone else's
 * queue is no receiver of it).
 */
export function toReceiver(
  entity: Entity,
  owned?: ReadonlySet<string>,
): ReconstitutionReceiver {
  const namespace = entity.metadata.namespace ?? 'default';
  const owner = entity.spec?.owner;
  const system = entity.spec?.system;
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title,
    description: entity.metadata.description,
    ownerRef:
      typeof owner === 'string'
        ? stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: namespace,
            }),
          )
        : undefined,
    system:
      typeof system === 'string'
        ? stringifyEntityRef(
            parseEntityRef(system, {
              defaultKind: 'system',
              defaultNamespace: namespace,
            }),
          )
        : undefined,
    queues: parseQueueAnnotation(
      entity.metadata.annotations?.[RABBITMQ_QUEUES_ANNOTATION] ?? '',
    ).queues.filter(queue => !owned || owned.has(queue)),
  };
}

/**
 * Receivers are the catalog's Components that declare the queues they
 * consume (the queue annotation shared with the dead-letter plugin), with
 * only the queues the catalog's queue registry records them as owning.
 */
export class ReceiverCatalog {
  private cached?: { at: number; items: ReconstitutionReceiver[] };

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    registry: QueueRegistry;
  }) {
    return new ReceiverCatalog(options.catalog, options.auth, options.registry);
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly registry: QueueRegistry,
  ) {}

  /** Registered queues by the lower-case ref of their owning component. */
  private async ownedQueues(): Promise<Map<string, Set<string>>> {
    const { claims } = await this.registry.list();
    const owned = new Map<string, Set<string>>();
    for (const claim of claims) {
      const ref = claim.entityRef.toLocaleLowerCase('en-US');
      owned.set(ref, (owned.get(ref) ?? new Set()).add(claim.queue));
    }
    return owned;
  }

  async list(): Promise<ReconstitutionReceiver[]> {
    if (this.cached && Date.now() - this.cached.at < LIST_TTL_MS) {
      return this.cached.items;
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${RABBITMQ_QUEUES_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: FIELDS,
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const owned = await this.ownedQueues();
    const receivers = items
      .map(entity =>
        toReceiver(
          entity,
          owned.get(stringifyEntityRef(entity).toLocaleLowerCase('en-US')) ??
            new Set(),
        ),
      )
      .filter(receiver => receiver.queues.length > 0)
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    this.cached = { at: Date.now(), items: receivers };
    return receivers;
  }

  /** One component as a receiver, read fresh (ownership decides access). */
  async get(entityRef: string): Promise<ReconstitutionReceiver | undefined> {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultKind: 'component' }),
      );
    } catch {
      return undefined;
    }
    const entity = await this.catalog.getEntityByRef(ref, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
    if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      return undefined;
    }
    const owned = await this.ownedQueues();
    return toReceiver(
      entity,
      owned.get(stringifyEntityRef(entity).toLocaleLowerCase('en-US')) ??
        new Set(),
    );
  }
}
