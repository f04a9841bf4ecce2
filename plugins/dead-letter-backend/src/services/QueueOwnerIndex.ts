import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseQueueAnnotation,
  RABBITMQ_QUEUES_ANNOTATION,
} from '@internal/backstage-plugin-queue-registry-common';

export type QueueOwner = { componentRef: string; ownerRef?: string };

/**
 * Maps queue names to the catalog Component that declares them (through the
 * queue annotation) and that component's owner. Kept in memory and refreshed
 * from the catalog on a schedule: the capture hot path never calls the
 * catalog.
 */
export class QueueOwnerIndex {
  private owners = new Map<string, QueueOwner>();
  private loadedAt?: Date;

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  }) {
    return new QueueOwnerIndex(options.catalog, options.auth, options.logger);
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  lookup(queue: string): QueueOwner | undefined {
    return this.owners.get(queue);
  }

  get isLoaded() {
    return this.loadedAt !== undefined;
  }

  entries(): Array<[string, QueueOwner]> {
    return [...this.owners.entries()];
  }

  /** Reloads the mapping; returns true when it changed. */
  async refresh(): Promise<boolean> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${RABBITMQ_QUEUES_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
          'spec.owner',
        ],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const next = buildQueueOwners(items, this.logger);
    const changed = !sameMapping(this.owners, next);
    this.owners = next;
    this.loadedAt = new Date();
    return changed;
  }
}

export function buildQueueOwners(
  entities: Entity[],
  logger?: LoggerService,
): Map<string, QueueOwner> {
  const owners = new Map<string, QueueOwner>();
  // Sorted so that a queue claimed twice resolves the same way every time.
  const sorted = [...entities].sort((a, b) =>
    stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
  );
  for (const entity of sorted) {
    const componentRef = stringifyEntityRef(entity);
    const owner = entity.spec?.owner;
    const ownerRef =
      typeof owner === 'string'
        ? stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          )
        : undefined;
    const value = entity.metadata.annotations?.[RABBITMQ_QUEUES_ANNOTATION];
    for (const queue of parseQueueAnnotation(value ?? '').queues) {
      const existing = owners.get(queue);
      if (existing) {
        logger?.warn(
          `Queue ${queue} is declared by both ${existing.componentRef} and ${componentRef}; using ${existing.componentRef}`,
        );
        continue;
      }
      owners.set(queue, { componentRef, ownerRef });
    }
  }
  return owners;
}

function sameMapping(a: Map<string, QueueOwner>, b: Map<string, QueueOwner>) {
  if (a.size !== b.size) {
    return false;
  }
  for (const [queue, owner] of a) {
    const other = b.get(queue);
    if (
      !other ||
      other.componentRef !== owner.componentRef ||
      other.ownerRef !== owner.ownerRef
    ) {
      return false;
    }
  }
  return true;
}
