import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The providers, `/catalog-ingestion`. */
export const rootRouteRef = createRouteRef();
