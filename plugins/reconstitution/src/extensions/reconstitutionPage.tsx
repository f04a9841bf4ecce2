import { PageBlueprint } from '@backstage/frontend-plugin-api';
import HistoryIcon from '@material-ui/icons/History';
import { rootRouteRef } from '../routes';

/** `page:reconstitution`: `/reconstitution`, in the sidebar as "Reconstitution". */
export const reconstitutionPage = PageBlueprint.make({
  params: {
    path: '/reconstitution',
    title: 'Reconstitution',
    icon: <HistoryIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    // The page has its own header (core-components Page and Header).
    noHeader: true,
    loader: () =>
      import('../components/ReconstitutionPage').then(m => (
        <m.ReconstitutionPage />
      )),
  },
});
