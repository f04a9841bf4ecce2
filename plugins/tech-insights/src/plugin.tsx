import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import {
  entityGroupScorecardCard,
  entityScorecardsContent,
  scorecardsApi,
  techInsightsPage,
} from './extensions';
import { rootRouteRef } from './routes';

/**
 * Tech Insights in the portal: engineering-standards scorecards. A page
 * (squads × tracks), a "Scorecards" tab on components and a "Scorecards"
 * card on groups.
 */
export const techInsightsPlugin = createFrontendPlugin({
  pluginId: 'tech-insights',
  title: 'Tech Insights',
  icon: <AssessmentIcon fontSize="inherit" />,
  extensions: [
    scorecardsApi,
    techInsightsPage,
    entityScorecardsContent,
    entityGroupScorecardCard,
  ],
  routes: {
    root: rootRouteRef,
  },
});
