import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { DeadLetterState } from '@internal/backstage-plugin-dead-letter-common';
import type { ListMessagesRequest } from '../api';

export const DEAD_LETTER_STATES: DeadLetterState[] = [
  'unresolved',
  'replaying',
  'replayed',
  'discarded',
];

/** The states shown when the URL names none. */
export const DEFAULT_STATES: DeadLetterState[] = ['unresolved'];

/** `state=all` in the URL: any state. */
export const ANY_STATE = 'all';

/**
 * What the messages list is filtered by. Kept in the URL query string, so
 * that links such as
 * `/dead-letter?environment=prod&owner=group:default/squad-aura&state=unresolved`
 * open the list as the sender saw it.
 */
export type MessageFilters = {
  environment?: string;
  /** Undefined: any state. */
  states?: DeadLetterState[];
  owners: string[];
  unowned: boolean;
  component?: string;
  queue?: string;
  reason?: string;
  group?: string;
  q?: string;
  from?: string;
  to?: string;
};

/** The query parameters the filters use. */
export const FILTER_PARAMS = [
  'environment',
  'state',
  'owner',
  'unowned',
  'component',
  'queue',
  'reason',
  'group',
  'q',
  'from',
  'to',
] as const;

/** The query parameter of the message shown in the drawer. */
export const MESSAGE_PARAM = 'message';

function single(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

/** Reads the filters from a query string. */
export function parseFilters(params: URLSearchParams): MessageFilters {
  const rawStates = params
    .getAll('state')
    .flatMap(value => value.split(','))
    .map(value => value.trim())
    .filter(Boolean);
  let states: DeadLetterState[] | undefined;
  if (rawStates.length === 0) {
    states = DEFAULT_STATES;
  } else if (rawStates.includes(ANY_STATE)) {
    states = undefined;
  } else {
    // Unknown states go to the backend, which names them in its error.
    states = [...new Set(rawStates)] as DeadLetterState[];
  }
  return {
    environment: single(params, 'environment'),
    states,
    owners: [
      ...new Set(
        params
          .getAll('owner')
          .map(owner => owner.trim())
          .filter(Boolean),
      ),
    ],
    unowned: params.get('unowned') === 'true',
    component: single(params, 'component'),
    queue: single(params, 'queue'),
    reason: single(params, 'reason'),
    group: single(params, 'group'),
    q: single(params, 'q'),
    from: single(params, 'from'),
    to: single(params, 'to'),
  };
}

function sameStates(a: DeadLetterState[] | undefined, b: DeadLetterState[]) {
  return (
    a !== undefined && a.length === b.length && a.every(s => b.includes(s))
  );
}

/**
 * Writes filters into a query string, keeping unrelated parameters. The
 * default state (unresolved) is left out of the URL; any state is `state=all`.
 */
export function writeFilters(
  current: URLSearchParams,
  filters: MessageFilters,
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const name of FILTER_PARAMS) {
    next.delete(name);
  }
  const set = (name: string, value: string | undefined) => {
    if (value) next.append(name, value);
  };
  set('environment', filters.environment);
  if (filters.states === undefined) {
    next.append('state', ANY_STATE);
  } else if (!sameStates(filters.states, DEFAULT_STATES)) {
    filters.states.forEach(state => next.append('state', state));
  }
  filters.owners.forEach(owner => next.append('owner', owner));
  if (filters.unowned) next.append('unowned', 'true');
  set('component', filters.component);
  set('queue', filters.queue);
  set('reason', filters.reason);
  set('group', filters.group);
  set('q', filters.q);
  set('from', filters.from);
  set('to', filters.to);
  return next;
}

/**
 * A query string (with `?`, or empty) that keeps `:` `/` `,` readable, as in
 * `?owner=group:default/squad-aura`.
 */
export function toSearch(params: URLSearchParams): string {
  const parts: string[] = [];
  params.forEach((value, name) => {
    const encode = (text: string) =>
      encodeURIComponent(text)
        .replace(/%3A/gi, ':')
        .replace(/%2F/gi, '/')
        .replace(/%2C/gi, ',');
    parts.push(`${encode(name)}=${encode(value)}`);
  });
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The request for the list API, with the default page size. */
export function toListRequest(
  filters: MessageFilters,
  pageSize: number,
): ListMessagesRequest {
  return {
    environment: filters.environment,
    states: filters.states,
    owners: filters.owners.length ? filters.owners : undefined,
    unowned: filters.unowned || undefined,
    component: filters.component,
    queue: filters.queue,
    reason: filters.reason,
    group: filters.group,
    q: filters.q,
    from: filters.from,
    to: filters.to,
    limit: pageSize,
  };
}

/** Whether the filters narrow the list beyond the environment and state. */
export function hasNarrowingFilters(filters: MessageFilters): boolean {
  return Boolean(
    filters.owners.length ||
      filters.unowned ||
      filters.component ||
      filters.queue ||
      filters.reason ||
      filters.group ||
      filters.q ||
      filters.from ||
      filters.to,
  );
}

/** The patch that clears every filter narrowing the list. */
export const CLEARED_FILTERS: Partial<MessageFilters> = {
  owners: [],
  unowned: false,
  component: undefined,
  queue: undefined,
  reason: undefined,
  group: undefined,
  q: undefined,
  from: undefined,
  to: undefined,
};

/** The list shows exactly the unresolved messages (what a replay takes). */
export function isUnresolvedOnly(filters: MessageFilters): boolean {
  return filters.states?.length === 1 && filters.states[0] === 'unresolved';
}

/** The list shows the states it shows when the URL names none. */
export function isDefaultStates(filters: MessageFilters): boolean {
  return (
    filters.states?.length === DEFAULT_STATES.length &&
    filters.states.every(state => DEFAULT_STATES.includes(state))
  );
}

/**
 * A full entity ref from what was typed: `squad-aura` is
 * `group:default/squad-aura`. Text that is no ref is kept as typed (the
 * backend then simply finds nothing).
 */
export function toEntityRef(
  value: string,
  defaultKind: 'group' | 'component',
): string {
  const trimmed = value.trim();
  try {
    return stringifyEntityRef(
      parseEntityRef(trimmed, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return trimmed;
  }
}
