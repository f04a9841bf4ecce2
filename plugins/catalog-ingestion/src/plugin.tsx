import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import CloudDownloadIcon from '@material-ui/icons/CloudDownload';
import { catalogIngestionApi, catalogIngestionPage } from './extensions';
import { rootRouteRef } from './routes';

/**
 * Catalog ingestion in the portal: an admin page to watch and steer the
 * catalog's incremental entity providers.
 */
export const catalogIngestionPlugin = createFrontendPlugin({
  pluginId: 'catalog-ingestion',
  title: 'Catalog ingestion',
  icon: <CloudDownloadIcon fontSize="inherit" />,
  extensions: [catalogIngestionApi, catalogIngestionPage],
  routes: {
    root: rootRouteRef,
  },
});
