import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { CatalogIngestionClient, catalogIngestionApiRef } from '../api';

/**
 * `api:catalog-ingestion`: the HTTP client of the catalog's incremental
 * ingestion admin endpoints (`/api/catalog/incremental`).
 */
export const catalogIngestionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: catalogIngestionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CatalogIngestionClient({ discoveryApi, fetchApi }),
    }),
});
