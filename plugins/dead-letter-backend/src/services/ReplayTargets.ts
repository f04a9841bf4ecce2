import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  deadLetterReplayTargetPermission,
  DeadLetterQueueConflict,
  ReplayTarget,
  ReplayTargetsResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import type { DeadLetterResource } from '../database';
import { deadLetterQueueRules } from '../permissions';
import { QueueOwnerIndex } from './QueueOwnerIndex';

const isAllowedBy = createConditionAuthorizer(
  Object.values(deadLetterQueueRules),
);

/** What the replay rules need of the queue owner index. */
export type QueueOwners = Pick<
  QueueOwnerIndex,
  'lookup' | 'entries' | 'conflicts'
>;

const NO_OWNERS: QueueOwners = {
  lookup: () => undefined,
  entries: () => [],
  conflicts: () => [],
};

/**
 * Where a replay may publish: only into queues the queue registry gives to
 * a component of the actor's squads (anything, for the platform team).
 * `original` and `source` replays go where the messages died, so they are
 * decided by each message's source queue. Decided by the permission
 * framework (`dead-letter.replay.target` on the queue).
 */
export class ReplayTargets {
  static create(options: {
    permissions: PermissionsService;
    owners?: QueueOwners;
  }) {
    return new ReplayTargets(options.permissions, options.owners ?? NO_OWNERS);
  }

  private constructor(
    private readonly permissions: PermissionsService,
    private readonly owners: QueueOwners,
  ) {}

  private async decision(credentials: BackstageCredentials) {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: deadLetterReplayTargetPermission }],
      { credentials },
    );
    return decision;
  }

  /** Throws a 403 naming the first refused destination. */
  async check(
    credentials: BackstageCredentials,
    target: ReplayTarget,
    messages: DeadLetterResource[],
  ): Promise<void> {
    const queues =
      target.kind === 'queue'
        ? [target.queue]
        : [...new Set(messages.map(m => m.sourceQueue ?? ''))];
    const decision = await this.decision(credentials);
    for (const queue of queues) {
      const owner = queue ? this.owners.lookup(queue) : undefined;
      if (!isAllowedBy(decision, { queue, ownerRef: owner?.ownerRef })) {
        const held = owner
          ? `it is registered to ${owner.componentRef}${
              owner.ownerRef ? ` (${owner.ownerRef})` : ''
            }`
          : 'it is registered to no component';
        throw new NotAllowedError(
          `You may not replay into queue '${queue}': ${held}, not to a component your squads own`,
        );
      }
    }
  }

  /** The queues the caller may target. */
  async list(
    credentials: BackstageCredentials,
  ): Promise<ReplayTargetsResponse> {
    const decision = await this.decision(credentials);
    const items = this.owners
      .entries()
      .filter(([queue, owner]) =>
        isAllowedBy(decision, { queue, ownerRef: owner.ownerRef }),
      )
      .map(([queue, owner]) => ({
        queue,
        componentRef: owner.componentRef,
        ...(owner.ownerRef ? { ownerRef: owner.ownerRef } : {}),
      }))
      .sort((a, b) => a.queue.localeCompare(b.queue));
    return { items, anyQueue: decision.result === AuthorizeResult.ALLOW };
  }

  conflicts(): DeadLetterQueueConflict[] {
    return this.owners.conflicts().map(c => {
      const owner = this.owners.lookup(c.queue);
      // The squad only while the index agrees on the registered component.
      const ownerGroupRef =
        owner?.componentRef === c.ownerRef.toLocaleLowerCase('en-US')
          ? owner.ownerRef
          : undefined;
      return {
        queue: c.queue,
        claimantRef: c.claimantRef,
        ownerRef: c.ownerRef,
        ...(ownerGroupRef ? { ownerGroupRef } : {}),
        detectedAt: c.detectedAt,
      };
    });
  }
}
