import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { POLL_INTERVAL_MS } from '@internal/backstage-plugin-portal-react';
import {
  ListJobsRequest,
  reconstitutionApiRef,
  ReconstitutionJob,
  ReconstitutionJobState,
} from '../api';
import { isActiveJob } from '../lib/jobs';
import {
  ListState,
  initialListState,
  readJobsAgain,
  withNextPage,
  withRefresh,
} from './jobListState';

/** Jobs per page. */
export const JOBS_PAGE_SIZE = 50;

export type JobFilters = {
  states?: ReconstitutionJobState[];
  environment?: string;
  receiver?: string;
};

/** The list request of `filters`, the same object while they are the same. */
function useJobsRequest(
  filters: JobFilters,
  pageSize: number,
): ListJobsRequest {
  const key = JSON.stringify([
    filters.states ?? [],
    filters.environment ?? '',
    filters.receiver ?? '',
  ]);
  return useMemo<ListJobsRequest>(() => {
    const [states, environment, receiver] = JSON.parse(key) as [
      ReconstitutionJobState[],
      string,
      string,
    ];
    return {
      states: states.length ? states : undefined,
      environment: environment || undefined,
      receiver: receiver || undefined,
      limit: pageSize,
    };
  }, [key, pageSize]);
}

/**
 * Jobs matching `filters`, newest first, a page at a time ("Load more").
 * While any job shown is pending or running, the list is read again every
 * `pollIntervalMs` (only after the previous read answered): the first page
 * anew, and each other job shown that may still change by itself — so a job
 * that stops matching (say, the filter is "running" and it completed) stays
 * in view with its final state instead of vanishing.
 */
export function useJobList(
  filters: JobFilters,
  options: { pollIntervalMs?: number; pageSize?: number } = {},
) {
  const { pollIntervalMs = POLL_INTERVAL_MS, pageSize = JOBS_PAGE_SIZE } =
    options;
  const api = useApi(reconstitutionApiRef);
  const request = useJobsRequest(filters, pageSize);

  const [state, setState] = useState<ListState>(() => initialListState(true));
  const [reloads, setReloads] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    setState(initialListState(true));
    api.listJobs(request).then(
      page => {
        if (generation.current !== current) return;
        setState({
          ...initialListState(false),
          items: page.items,
          nextCursor: page.nextCursor,
        });
      },
      error => {
        if (generation.current !== current) return;
        setState({ ...initialListState(false), error });
      },
    );
  }, [api, request, reloads]);

  const anyActive = state.items.some(isActiveJob);
  useEffect(() => {
    if (!anyActive || state.loading) {
      return undefined;
    }
    const current = generation.current;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const read = await readJobsAgain(api, request, stateRef.current.items);
        if (stopped || generation.current !== current) return;
        setState(s => withRefresh(s, read));
      } catch (error) {
        if (stopped || generation.current !== current) return;
        setState(s => ({
          ...s,
          refreshError: error as Error,
          refreshes: s.refreshes + 1,
        }));
      }
    }, pollIntervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [
    api,
    request,
    anyActive,
    state.loading,
    state.items,
    state.refreshes,
    pollIntervalMs,
  ]);

  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (!s.nextCursor || s.loadingMore || s.loading) {
      return;
    }
    const current = generation.current;
    setState(prev => ({
      ...prev,
      loadingMore: true,
      loadMoreError: undefined,
    }));
    api.listJobs({ ...request, cursor: s.nextCursor }).then(
      page => {
        if (generation.current !== current) return;
        setState(prev => withNextPage(prev, page));
      },
      error => {
        if (generation.current !== current) return;
        setState(prev => ({
          ...prev,
          loadingMore: false,
          loadMoreError: error,
        }));
      },
    );
  }, [api, request]);

  /** Starts over from the first page. */
  const reload = useCallback(() => setReloads(n => n + 1), []);

  /** Shows a job as an action left it (e.g. approved), where it is listed. */
  const replace = useCallback((job: ReconstitutionJob) => {
    setState(s => ({
      ...s,
      items: s.items.map(item => (item.id === job.id ? job : item)),
    }));
  }, []);

  return {
    ...state,
    polling: anyActive && !state.loading,
    loadMore,
    reload,
    replace,
  };
}
