import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { catalogErrorsPage } from './catalogErrorsPage';

export const catalogErrorsModule = createFrontendModule({
  pluginId: 'catalog-unprocessed-entities',
  extensions: [catalogErrorsPage],
});
