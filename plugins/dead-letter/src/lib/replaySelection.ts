import type {
  CreateReplayRequest,
  DeadLetterFilter,
  DeadLetterSummary,
  ReplayTarget,
  ReplayTargetsResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import { plural } from '@internal/backstage-plugin-portal-react';
import type { FailureGroup } from '../api';
import {
  hasNarrowingFilters,
  isUnresolvedOnly,
  MessageFilters,
} from './filters';
import { groupLabel } from './groups';
import { MAX_REPLAY_IDS, toReplayFilter } from './replay';

/** What the replay dialog needs to know about a message replayed by id. */
export type ReplayableMessage = Pick<
  DeadLetterSummary,
  | 'id'
  | 'environment'
  | 'state'
  | 'sourceQueue'
  | 'originalExchange'
  | 'originalRoutingKeys'
>;

/** What is to be replayed: messages by id, a failure group, or a filter. */
export type ReplaySelection =
  | {
      kind: 'messages';
      messages: ReplayableMessage[];
      /** Picked in the list (wording: "selected messages"). */
      selected?: boolean;
    }
  | {
      kind: 'group';
      filter: DeadLetterFilter;
      /** Unresolved messages in the group, when known. */
      count?: number;
      /** The group in words, e.g. `payments.incoming · rejected`. */
      label: string;
      sourceQueue?: string;
    }
  | {
      kind: 'filter';
      filter: DeadLetterFilter;
      /** The list's estimate of the matching unresolved messages. */
      count?: number;
      /** The failure group filtered by, in words. */
      groupLabel?: string;
    };

export type TargetKind = ReplayTarget['kind'];

const TARGET_KINDS: TargetKind[] = ['original', 'source', 'queue'];

function uniform<T>(values: T[]): T | undefined {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** Where "original" and "source" publish, when it is the same for all. */
export function destinations(selection: ReplaySelection): {
  original?: string;
  source?: string;
} {
  if (selection.kind === 'messages') {
    const original = uniform(
      selection.messages.map(
        m =>
          `exchange ${m.originalExchange || '(default)'}, routing key${
            m.originalRoutingKeys.length === 1 ? '' : 's'
          } ${m.originalRoutingKeys.join(', ') || '(none)'}`,
      ),
    );
    return {
      original,
      source: uniform(selection.messages.map(m => m.sourceQueue)),
    };
  }
  if (selection.kind === 'group') {
    return { source: selection.sourceQueue };
  }
  return { source: selection.filter.queue };
}

/** The queues the selected messages died in, when known. */
export function sourceQueuesOf(selection: ReplaySelection): string[] {
  if (selection.kind === 'messages') {
    return [...new Set(selection.messages.map(m => m.sourceQueue))];
  }
  const queue =
    selection.kind === 'group' ? selection.sourceQueue : selection.filter.queue;
  return queue ? [queue] : [];
}

/**
 * What a replay of the selection takes: selected messages only when they
 * are unresolved (the others are skipped), anything else as it is.
 */
export function replayedPart(selection: ReplaySelection): {
  unresolved: ReplayableMessage[];
  skipped: number;
  environments: string[];
  replayed: ReplaySelection;
} {
  if (selection.kind !== 'messages') {
    return {
      unresolved: [],
      skipped: 0,
      environments: [selection.filter.environment],
      replayed: selection,
    };
  }
  const unresolved = selection.messages.filter(m => m.state === 'unresolved');
  return {
    unresolved,
    skipped: selection.messages.length - unresolved.length,
    environments: [...new Set(unresolved.map(m => m.environment))].sort(),
    replayed: { ...selection, messages: unresolved },
  };
}

/** Why the selected messages cannot be replayed together, if they cannot. */
export function selectionBlocker(
  selection: ReplaySelection,
  unresolved: ReplayableMessage[],
  environments: string[],
): string | undefined {
  if (selection.kind !== 'messages') {
    return undefined;
  }
  if (unresolved.length === 0) {
    return 'None of these messages is unresolved; only unresolved messages can be replayed.';
  }
  if (environments.length > 1) {
    return `The messages are in ${environments.join(
      ' and ',
    )}. A replay takes messages of one environment: select messages of one environment, or filter the list by environment.`;
  }
  if (unresolved.length > MAX_REPLAY_IDS) {
    return `At most ${MAX_REPLAY_IDS.toLocaleString()} selected messages per replay: use "Replay all matching" with filters instead.`;
  }
  return undefined;
}

/**
 * The destinations offered for the replayed messages, from what the backend
 * allows (everything while that is not known: the backend decides again).
 */
export function offeredTargets(
  targets: ReplayTargetsResponse | undefined,
  replayed: ReplaySelection,
): {
  anyQueue: boolean;
  ownQueues: ReplayTargetsResponse['items'];
  /** A queue the messages died in that is another squad's. */
  refusedSource?: string;
  offered: Record<TargetKind, boolean>;
} {
  const anyQueue = targets?.anyQueue ?? false;
  const ownQueues = targets?.items ?? [];
  const refusedSource = targets
    ? sourceQueuesOf(replayed).find(
        q => !anyQueue && !ownQueues.some(t => t.queue === q),
      )
    : undefined;
  return {
    anyQueue,
    ownQueues,
    refusedSource,
    offered: {
      original: !refusedSource,
      source: !refusedSource,
      queue: !targets || anyQueue || ownQueues.length > 0,
    },
  };
}

/** The chosen destination if offered, else the first offered one. */
export function offeredKind(
  chosen: TargetKind,
  offered: Record<TargetKind, boolean>,
): TargetKind | undefined {
  return offered[chosen] ? chosen : TARGET_KINDS.find(k => offered[k]);
}

/** `1,298 unresolved messages`, or just `unresolved messages` when unknown. */
export function unresolvedCount(count: number | undefined): string {
  return count !== undefined
    ? plural(count, 'unresolved message')
    : 'unresolved messages';
}

/** The dialog's title and submit button for a selection. */
export function replayLabels(
  selection: ReplaySelection,
  unresolved: number,
): { title: string; submitLabel: string } {
  if (selection.kind === 'messages') {
    const label = `Replay ${plural(unresolved, 'message')}`;
    return { title: label, submitLabel: label };
  }
  const counted =
    selection.count !== undefined
      ? `Replay ${plural(selection.count, 'message')}`
      : undefined;
  if (selection.kind === 'group') {
    return {
      title: 'Replay failure group',
      submitLabel: counted ?? 'Replay group',
    };
  }
  return {
    title: 'Replay matching messages',
    submitLabel: counted ?? 'Replay all matching',
  };
}

/** The request that replays the selection (its unresolved messages). */
export function toCreateReplayRequest(
  selection: ReplaySelection,
  unresolved: ReplayableMessage[],
  target: ReplayTarget,
  ratePerSecond: number | undefined,
): CreateReplayRequest {
  const request: CreateReplayRequest =
    selection.kind === 'messages'
      ? { ids: unresolved.map(m => m.id), target }
      : { filter: selection.filter, target };
  if (ratePerSecond !== undefined) {
    request.ratePerSecond = ratePerSecond;
  }
  return request;
}

/**
 * Replaying a failure group (of the component shown, if any). Its count is
 * the number replayed only while the list shows just unresolved messages.
 */
export function groupReplaySelection(
  group: FailureGroup,
  filters: MessageFilters,
  component: string | undefined,
): ReplaySelection {
  return {
    kind: 'group',
    filter: {
      environment: group.environment,
      group: group.fingerprint,
      ...(component ? { component } : {}),
    },
    count: isUnresolvedOnly(filters) ? group.count : undefined,
    label: groupLabel(group),
    sourceQueue: group.sourceQueue,
  };
}

/** Replaying every unresolved message the list's filters match. */
export function matchingReplaySelection(
  filters: MessageFilters,
  environment: string,
  total: { totalEstimate?: number; totalCapped?: boolean },
  group: FailureGroup | undefined,
): ReplaySelection {
  return {
    kind: 'filter',
    filter: toReplayFilter(filters, environment),
    // A capped count is not the number that will be replayed.
    count: total.totalCapped ? undefined : total.totalEstimate,
    groupLabel: group ? groupLabel(group) : undefined,
  };
}

/**
 * "Replay all matching" needs a narrowed list of unresolved messages: the
 * replay then takes what the person sees (and no more).
 */
export function canReplayMatching(
  filters: MessageFilters,
  effective: MessageFilters,
  list: {
    loading: boolean;
    error?: Error;
    totalEstimate?: number;
    items: unknown[];
  },
): boolean {
  return (
    Boolean(effective.environment) &&
    isUnresolvedOnly(filters) &&
    hasNarrowingFilters(effective) &&
    !list.loading &&
    !list.error &&
    (list.totalEstimate ?? list.items.length) > 0
  );
}
