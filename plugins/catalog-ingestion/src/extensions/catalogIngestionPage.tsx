import { PageBlueprint } from '@backstage/frontend-plugin-api';
import CloudDownloadIcon from '@material-ui/icons/CloudDownload';
import { rootRouteRef } from '../routes';

/**
 * `page:catalog-ingestion`: `/catalog-ingestion`, in the sidebar as
 * "Catalog ingestion".
 */
export const catalogIngestionPage = PageBlueprint.make({
  params: {
    path: '/catalog-ingestion',
    title: 'Catalog ingestion',
    icon: <CloudDownloadIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    // The page has its own header (core-components Page and Header).
    noHeader: true,
    loader: () =>
      import('../components/CatalogIngestionPage').then(m => (
        <m.CatalogIngestionPage />
      )),
  },
});
