import { Knex } from 'knex';
import { normalizeRef } from './conversions';
import { MESSAGES } from './tables';
import { DeadLetterOwnerMapping } from './types';

type Owner = { componentRef: string | null; ownerRef: string | null };

/** The catalog ownership stored with each message, kept up to date. */
export class OwnerAssignment {
  constructor(private readonly knex: Knex) {}

  /**
   * Sets the component and owner of every stored message from its
   * environment and source queue: an entry with an environment wins over one
   * without; a queue with no entry becomes unowned. For duplicate entries
   * the last one wins. Returns the number of messages whose component or
   * owner changed.
   */
  async assignOwners(mapping: DeadLetterOwnerMapping[]): Promise<number> {
    const ownerOf = ownerLookup(mapping);
    return this.knex.transaction(async tx => {
      const combinations: Array<{
        environment: string;
        source_queue: string;
        component_ref: string | null;
        owner_ref: string | null;
        count: number | string;
      }> = await tx(MESSAGES)
        .select('environment', 'source_queue', 'component_ref', 'owner_ref')
        .count('* as count')
        .groupBy('environment', 'source_queue', 'component_ref', 'owner_ref');

      const updates = new Map<
        string,
        { environment: string; sourceQueue: string; target: Owner }
      >();
      let changed = 0;
      for (const combination of combinations) {
        const { environment, source_queue: sourceQueue } = combination;
        const target = ownerOf(environment, sourceQueue);
        if (
          (combination.component_ref ?? null) !== target.componentRef ||
          (combination.owner_ref ?? null) !== target.ownerRef
        ) {
          changed += Number(combination.count);
          updates.set(pairKey(environment, sourceQueue), {
            environment,
            sourceQueue,
            target,
          });
        }
      }
      for (const { environment, sourceQueue, target } of updates.values()) {
        await tx(MESSAGES)
          .where({ environment, source_queue: sourceQueue })
          .update({
            component_ref: target.componentRef,
            owner_ref: target.ownerRef,
          });
      }
      return changed;
    });
  }
}

/** The owner of an environment's queue by the mapping; unowned without an entry. */
function ownerLookup(
  mapping: DeadLetterOwnerMapping[],
): (environment: string, sourceQueue: string) => Owner {
  const specific = new Map<string, Owner>();
  const generic = new Map<string, Owner>();
  for (const entry of mapping) {
    const target = {
      componentRef: normalizeRef(entry.componentRef) ?? null,
      ownerRef: normalizeRef(entry.ownerRef) ?? null,
    };
    if (entry.environment !== undefined) {
      specific.set(pairKey(entry.environment, entry.sourceQueue), target);
    } else {
      generic.set(entry.sourceQueue, target);
    }
  }
  return (environment, sourceQueue) =>
    specific.get(pairKey(environment, sourceQueue)) ??
    generic.get(sourceQueue) ?? { componentRef: null, ownerRef: null };
}

function pairKey(environment: string, sourceQueue: string): string {
  return `${environment}\u0000${sourceQueue}`;
}
