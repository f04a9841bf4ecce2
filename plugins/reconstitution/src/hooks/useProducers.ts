import { useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { reconstitutionApiRef } from '../api';

/** Re-read the producers at most this often (ms). */
const REFRESH_MS = 2000;

/**
 * The archived producers of an environment. The archive takes new producers
 * in all the time: `refresh` reads them again (when the list is opened or
 * typed in), at most every 2 seconds.
 */
export function useProducers(environment: string) {
  const api = useApi(reconstitutionApiRef);
  const producers = useAsyncRetry(
    async () =>
      environment ? api.listProducers({ environment }) : Promise.resolve([]),
    [api, environment],
  );
  const readAt = useRef(0);
  const refresh = () => {
    const now = Date.now();
    if (producers.loading || now - readAt.current < REFRESH_MS) return;
    readAt.current = now;
    producers.retry();
  };
  return { producers, refresh };
}
