import type {
  ArchivedEvent,
  ArchivedProducer,
  DryRunResult,
  EventSelection,
} from '@internal/backstage-plugin-reconstitution-common';

/**
 * An event read from a source for delivery, with where it sits in the
 * source's delivery order.
 *
 * @public
 */
export type SourcedEvent = Omit<ArchivedEvent, 'bodyBase64'> & {
  body: Buffer;
  /**
   * Opaque position of this event; reading again `after` it continues with
   * the next event. Jobs store the last confirmed position and resume there.
   */
  position: string;
};

/**
 * Where reconstitution jobs read historical events from. The backend's own
 * event archive is the default source (`archive`); a module can add others,
 * such as a producer's own event store.
 *
 * A source must return events of one selection in a stable order in which
 * every entity's events come in the order they happened.
 *
 * @public
 */
export interface ReconstitutionEventSource {
  /** Unique id, stored with jobs (`archive` is taken by the archive). */
  readonly id: string;

  /** The producers this source has events of, with their event names. */
  producers(environment?: string): Promise<ArchivedProducer[]>;

  /** Counts what a selection matches, per event name, with a sample. */
  dryRun(selection: EventSelection, sampleSize: number): Promise<DryRunResult>;

  /**
   * The next `limit` events of the selection after `after` (from the start
   * when absent), in delivery order; `done` when there are no more.
   */
  read(
    selection: EventSelection,
    options: { after?: string; limit: number },
  ): Promise<{ events: SourcedEvent[]; done: boolean }>;
}
