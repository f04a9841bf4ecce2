import type {
  DeadLetterFilter,
  ReplayJob,
  ReplayTarget,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  formatDateTime,
  plural,
} from '@internal/backstage-plugin-portal-react';
import type { MessageFilters } from './filters';

/** Highest rate the backend takes (messages per second). */
export const MAX_REPLAY_RATE = 5000;

/** Most messages one replay by id takes (the backend's limit). */
export const MAX_REPLAY_IDS = 10000;

/** Whether the job may still publish (and so is worth polling). */
export function isActiveJob(job: Pick<ReplayJob, 'state'>): boolean {
  return job.state === 'pending' || job.state === 'running';
}

/** Where a replay publishes, in words. */
export function describeTarget(target: ReplayTarget | undefined): string {
  switch (target?.kind) {
    case 'source':
      return 'The queue each message died in';
    case 'queue':
      return `Queue ${target.queue}`;
    default:
      return 'Original exchange and routing keys';
  }
}

/** The filters worth naming, as `[label, value]` pairs (environment first). */
export function filterEntries(
  filter: DeadLetterFilter,
  options: { groupLabel?: string } = {},
): Array<[string, string]> {
  const entries: Array<[string, string | undefined]> = [
    ['Environment', filter.environment],
    [
      filter.owners?.length === 1 ? 'Owner' : 'Owners',
      filter.owners?.length
        ? [...filter.owners, ...(filter.unowned ? ['unowned'] : [])].join(
            ' or ',
          )
        : undefined,
    ],
    ['Owner', !filter.owners?.length && filter.unowned ? 'unowned' : undefined],
    ['Component', filter.component],
    ['Source queue', filter.queue],
    ['Reason', filter.reason],
    ['Failure group', filter.group && (options.groupLabel ?? filter.group)],
    ['Text', filter.q && `“${filter.q}”`],
    ['Captured from', filter.from && formatDateTime(filter.from)],
    ['Captured before', filter.to && formatDateTime(filter.to)],
  ];
  return entries.filter((entry): entry is [string, string] =>
    Boolean(entry[1]),
  );
}

/** A job's selection in one line: by id, or the filters it took. */
export function describeSelection(job: ReplayJob): string {
  if (!job.filter) {
    return plural(job.total, 'selected message');
  }
  const entries = filterEntries(job.filter).filter(
    ([label]) => label !== 'Environment',
  );
  if (entries.length === 0) {
    return `All unresolved messages in ${job.filter.environment}`;
  }
  return entries.map(([label, value]) => `${label}: ${value}`).join(' · ');
}

/**
 * The replay filter for the list's filters: the same messages, minus the
 * state (a replay only ever takes unresolved messages).
 */
export function toReplayFilter(
  filters: MessageFilters,
  environment: string,
): DeadLetterFilter {
  const filter: DeadLetterFilter = { environment };
  if (filters.owners.length) filter.owners = filters.owners;
  if (filters.unowned) filter.unowned = true;
  if (filters.component) filter.component = filters.component;
  if (filters.queue) filter.queue = filters.queue;
  if (filters.reason) filter.reason = filters.reason;
  if (filters.group) filter.group = filters.group;
  if (filters.q) filter.q = filters.q;
  if (filters.from) filter.from = filters.from;
  if (filters.to) filter.to = filters.to;
  return filter;
}

/**
 * The rate typed into the dialog: empty is unlimited; anything else must be
 * a whole number the backend takes.
 */
export function parseRate(text: string): {
  rate?: number;
  error?: string;
} {
  const trimmed = text.trim();
  if (!trimmed) {
    return {};
  }
  const rate = Number(trimmed);
  if (
    !/^\d+$/.test(trimmed) ||
    !Number.isSafeInteger(rate) ||
    rate < 1 ||
    rate > MAX_REPLAY_RATE
  ) {
    return {
      error: `Enter a whole number from 1 to ${MAX_REPLAY_RATE.toLocaleString()}, or leave empty for no limit`,
    };
  }
  return { rate };
}
