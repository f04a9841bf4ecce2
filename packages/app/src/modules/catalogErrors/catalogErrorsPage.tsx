import { PageBlueprint } from '@backstage/frontend-plugin-api';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';

/** Replaces the stock "Unprocessed Entities" page with "Catalog errors". */
export const catalogErrorsPage = PageBlueprint.make({
  params: {
    path: '/catalog-errors',
    title: 'Catalog errors',
    icon: <ErrorOutlineIcon fontSize="inherit" />,
    loader: async () => {
      const { CatalogErrorsPage } = await import(
        './components/CatalogErrorsPage'
      );
      return <CatalogErrorsPage />;
    },
  },
});
