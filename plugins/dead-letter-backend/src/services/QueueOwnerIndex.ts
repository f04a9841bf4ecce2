import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  QueueClaim,
  QueueConflict,
} from '@internal/backstage-plugin-queue-registry-common';
import { QueueRegistry } from '@internal/backstage-plugin-queue-registry-node';

export type QueueOwner = { componentRef: string; ownerRef?: string };

/**
 * Maps queue names to the Component the catalog's queue registry records
 * as their owner (the first to claim the queue; never whoever sorts first)
 * and that component's owner. A queue with no registered claim has no
 * owner. Kept in memory and refreshed on a schedule: the capture hot path
 * never calls the catalog.
 */
export class QueueOwnerIndex {
  private owners = new Map<string, QueueOwner>();
  private conflictList: QueueConflict[] = [];
  private loadedAt?: Date;

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    registry: QueueRegistry;
  }) {
    return new QueueOwnerIndex(
      options.catalog,
      options.auth,
      options.logger,
      options.registry,
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly registry: QueueRegistry,
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

  /** Claims on queues registered to another component. */
  conflicts(): QueueConflict[] {
    return this.conflictList;
  }

  /** Reloads the mapping; returns true when it changed. */
  async refresh(): Promise<boolean> {
    const { claims, conflicts } = await this.registry.list();
    const refs = [...new Set(claims.map(c => c.entityRef))];
    const { items } = refs.length
      ? await this.catalog.getEntitiesByRefs(
          {
            entityRefs: refs,
            fields: [
              'kind',
              'metadata.namespace',
              'metadata.name',
              'spec.owner',
            ],
          },
          { credentials: await this.auth.getOwnServiceCredentials() },
        )
      : { items: [] };
    const next = buildQueueOwners(
      claims,
      items.filter((e): e is Entity => e !== undefined),
    );
    const missing = claims.filter(c => !next.get(c.queue)?.ownerRef);
    if (missing.length > 0) {
      this.logger.debug(
        `${missing.length} registered queues have no owning squad (component not in the catalog or without spec.owner)`,
      );
    }
    const changed = !sameMapping(this.owners, next);
    this.owners = next;
    this.conflictList = conflicts;
    this.loadedAt = new Date();
    return changed;
  }
}

/** Each registered queue's component and that component's `spec.owner`. */
export function buildQueueOwners(
  claims: QueueClaim[],
  components: Entity[],
): Map<string, QueueOwner> {
  const ownerOf = new Map<string, string | undefined>();
  for (const entity of components) {
    const owner = entity.spec?.owner;
    ownerOf.set(
      stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
      typeof owner === 'string'
        ? stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          ).toLocaleLowerCase('en-US')
        : undefined,
    );
  }
  const owners = new Map<string, QueueOwner>();
  for (const claim of claims) {
    const componentRef = claim.entityRef.toLocaleLowerCase('en-US');
    owners.set(claim.queue, {
      componentRef,
      ownerRef: ownerOf.get(componentRef),
    });
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
