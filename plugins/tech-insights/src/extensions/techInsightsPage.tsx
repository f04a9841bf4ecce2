import { PageBlueprint } from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { rootRouteRef } from '../routes';

/**
 * `page:tech-insights`: `/tech-insights`, in the sidebar as "Tech Insights"
 * (the app's nav lists pages that have a title and an icon).
 */
export const techInsightsPage = PageBlueprint.make({
  params: {
    path: '/tech-insights',
    title: 'Tech Insights',
    icon: <AssessmentIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    // The page has its own header (core-components Page and Header).
    noHeader: true,
    loader: () =>
      import('../components/TechInsightsPage').then(m => (
        <m.TechInsightsPage />
      )),
  },
});
