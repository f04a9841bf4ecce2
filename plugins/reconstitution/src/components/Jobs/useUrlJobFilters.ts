import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ReconstitutionJobState } from '../../api';
import { JOB_STATES } from '../../lib/jobs';
import type { JobFilterValues } from './JobFilters';

/** The filters in the URL: `?state=running&state=pending&environment=dev&receiver=…`. */
function readFilters(params: URLSearchParams): JobFilterValues {
  const states = params
    .getAll('state')
    .filter((s): s is ReconstitutionJobState =>
      (JOB_STATES as string[]).includes(s),
    );
  return {
    states,
    environment: params.get('environment') || undefined,
    receiver: params.get('receiver') || undefined,
  };
}

function writeFilters(
  params: URLSearchParams,
  filters: JobFilterValues,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('state');
  for (const state of filters.states) next.append('state', state);
  for (const key of ['environment', 'receiver'] as const) {
    const value = filters[key];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/**
 * The job list's filters, kept in the URL's query so a filtered list can be
 * linked to. With `fixedReceiver` the list is that receiver's, and the
 * receiver is no filter.
 */
export function useUrlJobFilters(fixedReceiver: string | undefined) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  return {
    filters,
    /** The filters offered: no receiver when it is fixed. */
    shown: {
      ...filters,
      receiver: fixedReceiver ? undefined : filters.receiver,
    },
    receiver: fixedReceiver ?? filters.receiver,
    filtered:
      filters.states.length > 0 ||
      Boolean(filters.environment) ||
      (!fixedReceiver && Boolean(filters.receiver)),
    setFilters: (next: JobFilterValues) =>
      setParams(writeFilters(params, next), { replace: true }),
  };
}
