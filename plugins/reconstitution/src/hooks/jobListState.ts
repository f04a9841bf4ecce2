import type {
  ListJobsRequest,
  ListJobsResponse,
  ReconstitutionApi,
  ReconstitutionJob,
} from '../api';
import { isActiveJob } from '../lib/jobs';

/** What `useJobList` shows. */
export type ListState = {
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

export const initialListState = (loading: boolean): ListState => ({
  items: [],
  loading,
  loadedMore: false,
  loadingMore: false,
  refreshes: 0,
});

/**
 * The first page read again, then the other jobs shown: each that may still
 * change by itself read again too (kept as it was when that fails), so a job
 * that stops matching the filters stays in view with its final state.
 */
export async function readJobsAgain(
  api: Pick<ReconstitutionApi, 'listJobs' | 'getJob'>,
  request: ListJobsRequest,
  shown: ReconstitutionJob[],
): Promise<{ page: ListJobsResponse; others: ReconstitutionJob[] }> {
  const page = await api.listJobs(request);
  const fresh = new Set(page.items.map(job => job.id));
  const others = await Promise.all(
    shown
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
  return { page, others };
}

/** The state after a refresh answered. */
export function withRefresh(
  s: ListState,
  { page, others }: { page: ListJobsResponse; others: ReconstitutionJob[] },
): ListState {
  return {
    ...s,
    items: [...page.items, ...others],
    nextCursor: s.loadedMore ? s.nextCursor : page.nextCursor,
    refreshError: undefined,
    refreshes: s.refreshes + 1,
  };
}

/** The state after "Load more" answered. */
export function withNextPage(s: ListState, page: ListJobsResponse): ListState {
  // Skip jobs already shown (a page boundary can move meanwhile).
  const seen = new Set(s.items.map(job => job.id));
  return {
    ...s,
    items: [...s.items, ...page.items.filter(job => !seen.has(job.id))],
    nextCursor: page.nextCursor,
    loadedMore: true,
    loadingMore: false,
  };
}
