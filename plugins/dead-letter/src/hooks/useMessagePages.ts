import { useApi } from '@backstage/frontend-plugin-api';
import { deadLetterApiRef, ListMessagesRequest } from '../api';
import { useCursorPages } from './useCursorPages';

/**
 * Messages matching `request`, a page at a time (newest first). A new
 * request (other filters) starts over from the first page.
 */
export function useMessagePages(request: ListMessagesRequest | undefined) {
  const api = useApi(deadLetterApiRef);
  return useCursorPages(request ? JSON.stringify(request) : undefined, cursor =>
    api.listMessages(cursor ? { ...request!, cursor } : request!),
  );
}
