import { createRouteRef } from '@backstage/frontend-plugin-api';

/**
 * The Tech Insights page, `/tech-insights`: the squads × tracks matrix, or
 * with `?group=group:default/squad-aura` one squad's or colony's scorecards.
 */
export const rootRouteRef = createRouteRef();
