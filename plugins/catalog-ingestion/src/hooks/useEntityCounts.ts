import { useApiHolder } from '@backstage/frontend-plugin-api';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import { usePolling } from '@internal/backstage-plugin-portal-react';

/**
 * The annotation the GitHub repositories provider (and any provider of this
 * portal) puts on its entities, with the provider's name as value.
 */
export const INGESTED_BY_ANNOTATION = 'meridian.bank/ingested-by';

/** Counting entities is heavier than reading the engine: every 30 s. */
export const COUNTS_INTERVAL_MS = 30_000;

/** How many entities of a provider the catalog holds. */
export type EntityCount = {
  total?: number;
  /** Per kind, most first; absent when the facet request failed. */
  byKind?: Array<{ kind: string; count: number }>;
  error?: Error;
};

/** Entities in the catalog annotated as ingested by `provider`. */
export async function countEntities(
  catalogApi: CatalogApi,
  provider: string,
): Promise<EntityCount> {
  const filter = {
    [`metadata.annotations.${INGESTED_BY_ANNOTATION}`]: provider,
  };
  const [total, facets] = await Promise.allSettled([
    // `queryEntities` is the catalog client's query by filter (what older
    // clients called getEntitiesByQuery); one item, for its totalItems.
    catalogApi.queryEntities({ filter, limit: 1, fields: ['kind'] }),
    catalogApi.getEntityFacets({ filter, facets: ['kind'] }),
  ]);
  if (total.status === 'rejected') {
    return { error: total.reason as Error };
  }
  return {
    total: total.value.totalItems,
    byKind:
      facets.status === 'fulfilled'
        ? (facets.value.facets.kind ?? [])
            .map(({ value, count }) => ({ kind: value, count }))
            .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind))
        : undefined,
  };
}

/**
 * The entity counts of the given providers, read again every 30 s while the
 * page is visible. `available` is false when the app has no catalog API.
 */
export function useEntityCounts(
  providers: string[],
  intervalMs: number = COUNTS_INTERVAL_MS,
) {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const key =
    catalogApi && providers.length > 0 ? providers.join('\n') : undefined;
  const counts = usePolling<Record<string, EntityCount>>(
    key,
    async () => {
      if (!catalogApi) return {};
      const entries = await Promise.all(
        providers.map(
          async name => [name, await countEntities(catalogApi, name)] as const,
        ),
      );
      return Object.fromEntries(entries);
    },
    { intervalMs, pauseWhileHidden: true },
  );
  return { ...counts, available: Boolean(catalogApi) };
}
