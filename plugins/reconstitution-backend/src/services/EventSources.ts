import { InputError } from '@backstage/errors';
import type { ArchivedProducer } from '@internal/backstage-plugin-reconstitution-common';
import type { ReconstitutionEventSource } from '@internal/backstage-plugin-reconstitution-node';
import { ARCHIVE_SOURCE_ID } from '../database/EventArchiveStore';

/** The built-in archive first, then those other plugins added; ids are unique. */
export function collectEventSources(
  archive: ReconstitutionEventSource,
  extra: ReconstitutionEventSource[],
): Map<string, ReconstitutionEventSource> {
  const sources = new Map([[archive.id, archive]]);
  for (const source of extra) {
    if (sources.has(source.id)) {
      throw new Error(
        `Two reconstitution event sources have the id '${source.id}'`,
      );
    }
    sources.set(source.id, source);
  }
  return sources;
}

/**
 * The event sources a request may name, and the environments they serve:
 * an unknown one is the caller's mistake (400), named with the known ones.
 */
export class EventSources {
  constructor(
    private readonly sources: Map<string, ReconstitutionEventSource>,
    private readonly environments: string[],
  ) {}

  checkEnvironment(environment: string | undefined) {
    if (environment !== undefined && !this.environments.includes(environment)) {
      throw new InputError(
        `Invalid request: environment: unknown environment '${environment}' (known: ${
          this.environments.join(', ') || 'none'
        })`,
      );
    }
  }

  /** The source of this id; the archive when none is named. */
  get(id: string | undefined): ReconstitutionEventSource {
    const source = this.sources.get(id ?? ARCHIVE_SOURCE_ID);
    if (!source) {
      throw new InputError(
        `Invalid request: source: unknown event source '${id}' (known: ${[
          ...this.sources.keys(),
        ].join(', ')})`,
      );
    }
    return source;
  }

  /** Every source's producers (of one environment, or all). */
  async producers(environment?: string): Promise<ArchivedProducer[]> {
    const lists = await Promise.all(
      [...this.sources.values()].map(s => s.producers(environment)),
    );
    return lists.flat();
  }
}

/** Repeated entity ids and event names count once. */
export function dedupe<
  T extends { entityIds?: string[]; eventNames?: string[] },
>(selection: T): T {
  return {
    ...selection,
    entityIds: selection.entityIds && [...new Set(selection.entityIds)],
    eventNames: selection.eventNames && [...new Set(selection.eventNames)],
  };
}
