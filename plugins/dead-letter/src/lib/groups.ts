import type { DeadLetterCount, FailureGroup } from '../api';
import type { MessageFilters } from './filters';

/** Suggestions for the free-text filters, from the failure groups. */
export type FilterOptions = {
  owners: string[];
  components: string[];
  queues: string[];
  reasons: string[];
};

function ownerMatcher(filters: MessageFilters) {
  const owners = new Set(filters.owners.map(owner => owner.toLowerCase()));
  if (owners.size === 0 && !filters.unowned) {
    return undefined;
  }
  return (ownerRef: string | undefined) =>
    ownerRef ? owners.has(ownerRef.toLowerCase()) : filters.unowned;
}

/** Unresolved messages per environment, for the owners filtered by. */
export function countsByEnvironment(
  counts: DeadLetterCount[],
  filters: MessageFilters,
): Map<string, number> {
  const matches = ownerMatcher(filters);
  const result = new Map<string, number>();
  for (const count of counts) {
    if (count.state !== 'unresolved') continue;
    if (matches && !matches(count.ownerRef)) continue;
    result.set(
      count.environment,
      (result.get(count.environment) ?? 0) + count.count,
    );
  }
  return result;
}

/** The groups matching the filters the groups API does not take. */
export function filterGroups(
  groups: FailureGroup[],
  filters: MessageFilters,
  component: string | undefined,
): FailureGroup[] {
  const matches = ownerMatcher(filters);
  return groups.filter(
    group =>
      (!matches || matches(group.ownerRef)) &&
      (!component ||
        group.componentRef?.toLowerCase() === component.toLowerCase()) &&
      (!filters.queue || group.sourceQueue === filters.queue) &&
      (!filters.reason || group.reason === filters.reason),
  );
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
}

/** Suggestions: the catalog's groups and what the failure groups name. */
export function filterOptions(
  catalogGroups: string[],
  groups: FailureGroup[],
): FilterOptions {
  return {
    owners: unique([...catalogGroups, ...groups.map(g => g.ownerRef)]),
    components: unique(groups.map(g => g.componentRef)),
    queues: unique(groups.map(g => g.sourceQueue)),
    reasons: unique(groups.map(g => g.reason)),
  };
}

/** A group in words, e.g. `payments.incoming · rejected · TimeoutException`. */
export function groupLabel(group: FailureGroup): string {
  return [
    group.sourceQueue,
    group.reason,
    group.exceptionType ?? group.messageType,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What the failure groups cover, e.g. `Unresolved messages in prod`. */
export function groupsCaption(
  filters: MessageFilters,
  environment: string | undefined,
): string {
  return [
    filters.states
      ? `${filters.states.join(' or ')} messages in ${environment}`.replace(
          /^./,
          c => c.toUpperCase(),
        )
      : `Messages in any state in ${environment}`,
    filters.q || filters.from || filters.to
      ? ' (not narrowed by the text search or time range)'
      : '',
  ].join('');
}

/** How many failure groups show before "Show all". */
export const COLLAPSED_GROUPS = 8;

/**
 * The groups biggest first (the most recent first among equals), and those
 * shown: all when expanded, else the first few and the selected one.
 */
export function visibleGroups(
  groups: FailureGroup[],
  expanded: boolean,
  selected: string | undefined,
): { sorted: FailureGroup[]; shown: FailureGroup[]; collapsible: boolean } {
  const sorted = [...groups].sort(
    (a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen),
  );
  const shown = expanded
    ? sorted
    : sorted.filter(
        (group, index) =>
          index < COLLAPSED_GROUPS || group.fingerprint === selected,
      );
  return { sorted, shown, collapsible: sorted.length > COLLAPSED_GROUPS };
}
