import { formatDateTime } from '@internal/backstage-plugin-portal-react';
import type { IngestionMark, ProviderStatus } from '../api';

/** What the page calls the engine's states. */
export type ProviderStateKind =
  | 'bursting'
  | 'between-bursts'
  | 'resting'
  | 'backing-off'
  | 'paused'
  | 'waiting-to-start'
  | 'restarting'
  | 'unknown';

export type ProviderState = {
  kind: ProviderStateKind;
  /** The chip's text. */
  label: string;
  /** A sentence on what the provider does in this state. */
  description: string;
};

/**
 * How long past the end of its rest a resting provider may still be before
 * it counts as stuck (paused). A provider whose rest ended starts its next
 * cycle at the engine's next run (the burst interval, seconds to minutes).
 */
export const REST_OVERDUE_MS = 15 * 60 * 1000;

/**
 * A rest ending further ahead than this is a pause (the engine's pause rests
 * 24 hours); rests configured longer than this would show as paused.
 */
export const PAUSE_HORIZON_MS = 23 * 60 * 60 * 1000;

/** Pages of the current cycle, from its marks. */
export type CycleProgress = {
  /** Pages stored in the current cycle. */
  pages: number;
  /** When the newest page was stored. */
  lastPageAt?: string;
  /**
   * Whether the newest page was the last one of the source: the engine
   * stores no cursor for it.
   */
  finished: boolean;
};

/** Pages of the current cycle and whether it read the source to its end. */
export function cycleProgress(marks: IngestionMark[]): CycleProgress {
  if (marks.length === 0) {
    return { pages: 0, finished: false };
  }
  const newest = marks.reduce((a, b) => (b.sequence > a.sequence ? b : a));
  const lastPageAt = marks.reduce<string | undefined>(
    (latest, mark) =>
      mark.createdAt && (!latest || mark.createdAt > latest)
        ? mark.createdAt
        : latest,
    undefined,
  );
  return {
    pages: marks.length,
    lastPageAt,
    finished: newest.cursor === undefined || newest.cursor === null,
  };
}

/**
 * The state of a provider as the page shows it.
 *
 * The engine has no "paused" state: pausing (`/cancel`) and resetting leave
 * the provider `resting` like the rest after a finished cycle, but a paused
 * provider never starts again by itself (its next action is "nothing") and a
 * reset one rests 24 hours. They are told apart by that horizon and by the pages: a cycle that
 * read the source to its end stored a last page without a cursor; resting
 * without one (or without any page) means stopped before the end. A rest
 * that ended long ago without a new cycle starting counts as paused too.
 * With the pages unknown (their request failed) a resting provider is
 * shown as resting.
 */
export function providerState(
  status: ProviderStatus,
  marks: IngestionMark[] | undefined,
  now: number = Date.now(),
): ProviderState {
  switch (status.currentAction) {
    case 'bursting':
      return {
        kind: 'bursting',
        label: 'Bursting',
        description: 'Reading pages from the source and adding them now.',
      };
    case 'interstitial':
      return {
        kind: 'between-bursts',
        label: 'Between bursts',
        description:
          'In the middle of a cycle; the next burst starts at the engine’s next run.',
      };
    case 'backing off':
      return {
        kind: 'backing-off',
        label: 'Backing off',
        description:
          'The last burst failed; the engine tries again at the next action time.',
      };
    case 'canceling':
      return {
        kind: 'restarting',
        label: 'Restarting',
        description:
          'Ending the current cycle; a new one starts from the first page right after.',
      };
    case 'rest complete, waiting to start':
    case 'complete':
      return {
        kind: 'waiting-to-start',
        label: 'Waiting to start',
        description:
          'Its rest is over; the next cycle starts at the engine’s next run.',
      };
    case 'resting': {
      const next = status.nextActionAt
        ? new Date(status.nextActionAt).getTime()
        : NaN;
      // Pausing schedules the next action a day ahead; a normal rest is the
      // configured restLength (an hour by default).
      if (!Number.isNaN(next) && next - now > PAUSE_HORIZON_MS) {
        return {
          kind: 'paused',
          label: 'Paused',
          description:
            'Paused: it starts no new cycle until resumed. Resume starts a new cycle from the first page.',
        };
      }
      if (!Number.isNaN(next) && now - next > REST_OVERDUE_MS) {
        return {
          kind: 'paused',
          label: 'Paused',
          description: `Its rest ended ${formatDateTime(
            status.nextActionAt,
          )} but no new cycle started: it was paused. Resume starts a new cycle.`,
        };
      }
      if (marks && !cycleProgress(marks).finished) {
        return {
          kind: 'paused',
          label: 'Paused',
          description:
            'Stopped before finishing its cycle (paused or reset). Resume starts a new cycle from the first page.',
        };
      }
      return {
        kind: 'resting',
        label: 'Resting',
        description:
          'Finished its cycle; the next one starts when the rest ends.',
      };
    }
    default:
      return {
        kind: 'unknown',
        label: status.currentAction || 'Unknown',
        description: `The engine reports “${status.currentAction}”.`,
      };
  }
}

/** Whether the provider's next action time means something in its state. */
export function showsNextActionTime(kind: ProviderStateKind): boolean {
  // While bursting, between bursts (the next burst does not wait for it) and
  // between cycles the stored time is stale or absent.
  return (
    kind === 'resting' ||
    kind === 'backing-off' ||
    kind === 'paused' ||
    kind === 'unknown'
  );
}
