import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { OwnerAssignment } from '../database';
import { QueueOwnerIndex } from '../services/QueueOwnerIndex';

/**
 * Reloads the queue owners from the registry and gives every stored dead
 * letter the owner its source queue has now: a queue whose claim was
 * released leaves its messages unowned, a reassigned queue moves them to the
 * new owner. Replay, discard and body access are decided on the stored
 * owner, so it must never outlive the registry.
 *
 * The stored owners are re-assigned after every reload, not only when the
 * in-memory mapping changed: owners stored before this process started
 * (when the registry it first loads equals the empty start, or differs from
 * what was stored) and messages captured with the previous mapping while
 * the index was being reloaded would otherwise keep a stale owner for good.
 * `assignOwners` writes only the queues whose stored owner differs.
 */
export class QueueOwnerRefreshTask {
  constructor(
    private readonly options: {
      owners: QueueOwnerIndex;
      store: Pick<OwnerAssignment, 'assignOwners'>;
      logger: LoggerService;
      frequencyMinutes: number;
    },
  ) {}

  async start(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'dead-letter-owner-refresh',
      frequency: { minutes: this.options.frequencyMinutes },
      timeout: { minutes: 5 },
      // Every instance keeps its own in-memory index.
      scope: 'local',
      fn: async () => {
        await this.run();
      },
    });
  }

  /**
   * Whether the registry's mapping changed and how many messages were
   * re-assigned; a registry that cannot be read leaves everything as it was
   * (and is logged).
   */
  async run(): Promise<{ changed: boolean; reassigned: number } | undefined> {
    const { owners, store, logger } = this.options;
    let changed: boolean;
    try {
      changed = await owners.refresh();
    } catch (error) {
      // Local tasks' errors are not logged by the scheduler.
      logger.warn(
        `Could not load queue owners from the catalog; owners stay as they were: ${error}`,
      );
      return undefined;
    }
    const reassigned = await store.assignOwners(
      owners.entries().map(([sourceQueue, owner]) => ({
        sourceQueue,
        componentRef: owner.componentRef,
        ownerRef: owner.ownerRef,
      })),
    );
    if (changed || reassigned > 0) {
      logger.info(
        `Queue owners reloaded from the catalog's queue registry; ${reassigned} stored dead letters re-assigned`,
      );
    }
    return { changed, reassigned };
  }
}
