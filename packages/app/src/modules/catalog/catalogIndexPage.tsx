import {
  coreExtensionData,
  createExtensionInput,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import CategoryIcon from '@material-ui/icons/Category';

/**
 * Replaces the stock catalog index page to give each kind its columns
 * (TIER and COLONY for Domains, DOMAIN for Components). Filters, server-side
 * pagination and everything else are the stock ones.
 */
export const catalogIndexPage = PageBlueprint.makeWithOverrides({
  inputs: {
    filters: createExtensionInput([coreExtensionData.reactElement]),
  },
  factory(originalFactory, { inputs }) {
    return originalFactory({
      path: '/catalog',
      routeRef: convertLegacyRouteRef(catalogPlugin.routes.catalogIndex),
      icon: <CategoryIcon fontSize="inherit" />,
      title: 'Catalog',
      loader: async () => {
        const { CatalogIndexPage } = await import(
          '@backstage/plugin-catalog/alpha'
        );
        const { portalColumns } = await import('./columns');
        const filters = inputs.filters.map(filter =>
          filter.get(coreExtensionData.reactElement),
        );
        return (
          <CatalogIndexPage
            filters={<>{filters}</>}
            columns={portalColumns}
            pagination
          />
        );
      },
    });
  },
});
