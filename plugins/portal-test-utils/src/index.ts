/**
 * Test-only helpers of the portal's backends.
 *
 * @packageDocumentation
 */
export { fuzzRoutes, summarizeFailures } from './fuzz';
export type { FuzzOptions, FuzzReport, FuzzFailure } from './fuzz';
export { listRoutes } from './routes';
export type { FuzzRoute, RouteListing } from './routes';
export type { RouteExample } from './hostile';
export { repeatTo, timeRatio } from './scaling';
