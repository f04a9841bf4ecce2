import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import HistoryIcon from '@material-ui/icons/History';
import {
  entityReconstitutionContent,
  reconstitutionApi,
  reconstitutionPage,
} from './extensions';
import { jobRouteRef, newJobRouteRef, rootRouteRef } from './routes';

/**
 * Reconstitution in the portal: deliver archived integration events again
 * to a receiving component's queue. A page, and a tab on components.
 */
export const reconstitutionPlugin = createFrontendPlugin({
  pluginId: 'reconstitution',
  title: 'Reconstitution',
  icon: <HistoryIcon fontSize="inherit" />,
  extensions: [
    reconstitutionApi,
    reconstitutionPage,
    entityReconstitutionContent,
  ],
  routes: {
    root: rootRouteRef,
    newJob: newJobRouteRef,
    job: jobRouteRef,
  },
});
