import { useCallback, useEffect, useRef, useState } from 'react';

export type CursorPage<T> = {
  items: T[];
  nextCursor?: string;
  totalEstimate?: number;
  /** `totalEstimate` is a lower bound: the backend stopped counting. */
  totalCapped?: boolean;
};

type PagesState<T> = {
  items: T[];
  nextCursor?: string;
  totalEstimate?: number;
  totalCapped?: boolean;
  /** Loading the first page. */
  loading: boolean;
  /** The first page failed. */
  error?: Error;
  loadingMore: boolean;
  /** A further page failed; the pages already shown stay. */
  loadMoreError?: Error;
};

/**
 * A cursor-paginated list, a page at a time. A new `key` (other filters)
 * starts over from the first page; `undefined` means nothing to load.
 * Answers that arrive for an older key or before a reload are dropped.
 */
export function useCursorPages<T extends { id: string }>(
  key: string | undefined,
  fetchPage: (cursor?: string) => Promise<CursorPage<T>>,
) {
  const [state, setState] = useState<PagesState<T>>({
    items: [],
    loading: key !== undefined,
    loadingMore: false,
  });
  const [reloads, setReloads] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    if (key === undefined) {
      setState({ items: [], loading: false, loadingMore: false });
      return;
    }
    setState({ items: [], loading: true, loadingMore: false });
    fetchRef.current().then(
      page => {
        if (generation.current !== current) return;
        setState({
          items: page.items,
          nextCursor: page.nextCursor,
          totalEstimate: page.totalEstimate,
          totalCapped: page.totalCapped,
          loading: false,
          loadingMore: false,
        });
      },
      error => {
        if (generation.current !== current) return;
        setState({ items: [], loading: false, loadingMore: false, error });
      },
    );
  }, [key, reloads]);

  const loadMore = useCallback(() => {
    if (key === undefined || !state.nextCursor || state.loadingMore) {
      return;
    }
    const current = generation.current;
    const cursor = state.nextCursor;
    setState(s => ({ ...s, loadingMore: true, loadMoreError: undefined }));
    fetchRef.current(cursor).then(
      page => {
        if (generation.current !== current) return;
        setState(s => {
          // Skip rows already shown (a page boundary can move meanwhile).
          const seen = new Set(s.items.map(item => item.id));
          return {
            ...s,
            items: [...s.items, ...page.items.filter(i => !seen.has(i.id))],
            nextCursor: page.nextCursor,
            loadingMore: false,
          };
        });
      },
      error => {
        if (generation.current !== current) return;
        setState(s => ({ ...s, loadingMore: false, loadMoreError: error }));
      },
    );
  }, [key, state.nextCursor, state.loadingMore]);

  const reload = useCallback(() => setReloads(n => n + 1), []);

  return { ...state, loadMore, reload };
}
