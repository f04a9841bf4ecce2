import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import { deadLetterApiRef, ListMessagesRequest } from '../api';

type PagesState = {
  items: DeadLetterSummary[];
  nextCursor?: string;
  totalEstimate?: number;
  /** Loading the first page. */
  loading: boolean;
  /** The first page failed. */
  error?: Error;
  loadingMore: boolean;
  /** A further page failed; the pages already shown stay. */
  loadMoreError?: Error;
};

const initial: PagesState = { items: [], loading: true, loadingMore: false };

/**
 * Messages matching `request`, a page at a time (newest first). A new
 * request (other filters) starts over from the first page.
 */
export function useMessagePages(request: ListMessagesRequest | undefined) {
  const api = useApi(deadLetterApiRef);
  const key = JSON.stringify(request ?? null);
  const [state, setState] = useState<PagesState>(initial);
  const [reloads, setReloads] = useState(0);
  // The request the current pages belong to; answers for older ones are dropped.
  const current = useRef(key);

  useEffect(() => {
    current.current = key;
    if (!request) {
      setState({ items: [], loading: false, loadingMore: false });
      return;
    }
    setState(initial);
    api.listMessages(request).then(
      page => {
        if (current.current !== key) return;
        setState({
          items: page.items,
          nextCursor: page.nextCursor,
          totalEstimate: page.totalEstimate,
          loading: false,
          loadingMore: false,
        });
      },
      error => {
        if (current.current !== key) return;
        setState({ items: [], loading: false, loadingMore: false, error });
      },
    );
    // `key` stands for `request`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, reloads]);

  const loadMore = useCallback(() => {
    if (!request || !state.nextCursor || state.loadingMore) {
      return;
    }
    const cursor = state.nextCursor;
    setState(s => ({ ...s, loadingMore: true, loadMoreError: undefined }));
    api.listMessages({ ...request, cursor }).then(
      page => {
        if (current.current !== key) return;
        setState(s => {
          // Skip rows already shown (a page boundary can move while capturing).
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
        if (current.current !== key) return;
        setState(s => ({ ...s, loadingMore: false, loadMoreError: error }));
      },
    );
  }, [api, key, request, state.nextCursor, state.loadingMore]);

  const reload = useCallback(() => setReloads(n => n + 1), []);

  return { ...state, loadMore, reload };
}
