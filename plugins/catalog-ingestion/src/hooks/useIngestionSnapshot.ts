import { useApi } from '@backstage/frontend-plugin-api';
import { usePolling } from '@internal/backstage-plugin-portal-react';
import {
  CatalogIngestionApi,
  catalogIngestionApiRef,
  IngestionHealth,
  IngestionMark,
  ProviderStatus,
} from '../api';

/** How often the providers are read again while the page is visible. */
export const POLL_INTERVAL_MS = 5000;

/** One provider as last read: its status and pages, or why they failed. */
export type ProviderSnapshot = {
  name: string;
  status?: ProviderStatus;
  statusError?: Error;
  marks?: IngestionMark[];
  marksError?: Error;
};

/** Everything the page shows of the engine, read in one go. */
export type IngestionSnapshot = {
  providers: ProviderSnapshot[];
  health?: IngestionHealth;
  healthError?: Error;
};

function settled<T>(
  promise: Promise<T>,
): Promise<{ value?: T; error?: Error }> {
  return promise.then(
    value => ({ value }),
    error => ({ error: error as Error }),
  );
}

/**
 * Reads the providers, then each one's status and pages, and the health.
 * Only a failed provider list fails the whole: a provider that cannot be
 * read, or a failed health check, shows its error in place.
 */
export async function loadSnapshot(
  api: CatalogIngestionApi,
): Promise<IngestionSnapshot> {
  const [names, health] = await Promise.all([
    api.listProviders(),
    settled(api.getHealth()),
  ]);
  const providers = await Promise.all(
    [...names].sort().map(async name => {
      const [status, marks] = await Promise.all([
        settled(api.getProviderStatus(name)),
        settled(api.getProviderMarks(name)),
      ]);
      return {
        name,
        status: status.value,
        statusError: status.error,
        marks: marks.value,
        marksError: marks.error,
      };
    }),
  );
  return { providers, health: health.value, healthError: health.error };
}

/** The engine's providers, read again every 5 s while the page is visible. */
export function useIngestionSnapshot(intervalMs: number = POLL_INTERVAL_MS) {
  const api = useApi(catalogIngestionApiRef);
  return usePolling('providers', () => loadSnapshot(api), {
    intervalMs,
    pauseWhileHidden: true,
  });
}
