/**
 * Frontend of the tech-insights scorecards: tracks of levels of checks for
 * components, rolled up per squad and colony.
 *
 * @packageDocumentation
 */
export { techInsightsPlugin as default } from './plugin';
export * from './api';
export { rootRouteRef } from './routes';
