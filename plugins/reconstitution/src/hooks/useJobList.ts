import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ListJobsRequest,
  reconstitutionApiRef,
  ReconstitutionJob,
  ReconstitutionJobState,
} from '../api';
import { isActiveJob } from '../lib/jobs';
import { POLL_INTERVAL_MS } from './usePolling';

/** Jobs per page. */
export const JOBS_PAGE_SIZE = 50;

export type JobFilters = {
  states?: ReconstitutionJobState[];
  environment?: string;
  receiver?: string;
};

type ListState = {
  items: ReconstitutionJob[];
  nextCursor?: string;
  /** Loading the first page. */
  loading: boolean;
  /** The first page failed. */
  error?: Error;
  /** More than the first page was loaded. */
  loadedMore: boolean;
  loadingMore: boolean;
  /** A further page failed; what is shown stays. */
  loadMoreError?: Error;
  /** The last refresh failed; what is shown is the last known state. */
  refreshError?: Error;
  /** Refreshes answered, so polling goes on after a failed one too. */
  refreshes: number;
};

const initial = (loading: boolean): ListState => ({
  items: [],
  loading,
  loadedMore: false,
  loadingMore: false,
  refreshes: 0,
});

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
  const key = JSON.stringify([
    filters.states ?? [],
    filters.environment ?? '',
    filters.receiver ?? '',
  ]);
  const request = useMemo<ListJobsRequest>(() => {
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

  const [state, setState] = useState<ListState>(() => initial(true));
  const [reloads, setReloads] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    setState(initial(true));
    api.listJobs(request).then(
      page => {
        if (generation.current !== current) return;
        setState({
          ...initial(false),
          items: page.items,
          nextCursor: page.nextCursor,
        });
      },
      error => {
        if (generation.current !== current) return;
        setState({ ...initial(false), error });
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
      const before = stateRef.current;
      try {
        const page = await api.listJobs(request);
        const fresh = new Set(page.items.map(job => job.id));
        const others = await Promise.all(
          before.items
            .filter(job => !fresh.has(job.id))
            .map(job =>
              isActiveJob(job)
                ? api.getJob(job.id).then(
                    detail => detail.job,
                    () => job,
                  )
                : job,
            ),
        );
        if (stopped || generation.current !== current) return;
        setState(s => ({
          ...s,
          items: [...page.items, ...others],
          nextCursor: s.loadedMore ? s.nextCursor : page.nextCursor,
          refreshError: undefined,
          refreshes: s.refreshes + 1,
        }));
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
        setState(prev => {
          // Skip jobs already shown (a page boundary can move meanwhile).
          const seen = new Set(prev.items.map(job => job.id));
          return {
            ...prev,
            items: [
              ...prev.items,
              ...page.items.filter(job => !seen.has(job.id)),
            ],
            nextCursor: page.nextCursor,
            loadedMore: true,
            loadingMore: false,
          };
        });
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
