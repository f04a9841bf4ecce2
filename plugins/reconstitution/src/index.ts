/**
 * Frontend of the reconstitution plugin: deliver archived integration events
 * again to a component's queue.
 *
 * @packageDocumentation
 */
export { reconstitutionPlugin as default } from './plugin';
export * from './api';
export { jobRouteRef, newJobRouteRef, rootRouteRef } from './routes';
