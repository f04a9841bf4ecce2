import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { catalogIndexPage } from './catalogIndexPage';
import { tierCatalogFilter } from './tierCatalogFilter';
import { colonyCatalogFilter } from './colonyCatalogFilter';

export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogIndexPage, tierCatalogFilter, colonyCatalogFilter],
});
