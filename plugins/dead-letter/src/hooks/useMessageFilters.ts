import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import {
  MESSAGE_PARAM,
  MessageFilters,
  parseFilters,
  toSearch,
  writeFilters,
} from '../lib/filters';

/**
 * The list filters and the open message, read from and written to the URL
 * query string (so they survive reloads, back/forward and shared links).
 */
export function useMessageFilters() {
  const location = useLocation();
  const navigate = useNavigate();
  const search = location.search;

  const params = useMemo(() => new URLSearchParams(search), [search]);
  const filters = useMemo(() => parseFilters(params), [params]);
  const openMessageId = params.get(MESSAGE_PARAM) ?? undefined;

  const go = useCallback(
    (next: URLSearchParams, replace?: boolean) => {
      navigate(
        { pathname: location.pathname, search: toSearch(next) },
        { replace },
      );
    },
    [navigate, location.pathname],
  );

  /** Changes some filters (pushes a history entry unless `replace`). */
  const setFilters = useCallback(
    (patch: Partial<MessageFilters>, options?: { replace?: boolean }) => {
      const next = writeFilters(params, { ...filters, ...patch });
      next.delete(MESSAGE_PARAM);
      go(next, options?.replace);
    },
    [params, filters, go],
  );

  // Links carry the path too: a search-only link would resolve against the
  // parent route inside nested routes (entity pages).
  /** This page with some filters changed (for links). */
  const filtersHref = useCallback(
    (patch: Partial<MessageFilters>) => {
      const next = writeFilters(params, { ...filters, ...patch });
      next.delete(MESSAGE_PARAM);
      return `${location.pathname}${toSearch(next)}`;
    },
    [params, filters, location.pathname],
  );

  /** This page with message `id` in the drawer. */
  const messageHref = useCallback(
    (id: string) => {
      const next = new URLSearchParams(params);
      next.set(MESSAGE_PARAM, id);
      return `${location.pathname}${toSearch(next)}`;
    },
    [params, location.pathname],
  );

  const openMessage = useCallback(
    (id: string) => {
      const next = new URLSearchParams(params);
      next.set(MESSAGE_PARAM, id);
      go(next);
    },
    [params, go],
  );

  const closeMessage = useCallback(() => {
    const next = new URLSearchParams(params);
    next.delete(MESSAGE_PARAM);
    go(next);
  }, [params, go]);

  return {
    filters,
    setFilters,
    filtersHref,
    openMessageId,
    openMessage,
    closeMessage,
    messageHref,
  };
}
