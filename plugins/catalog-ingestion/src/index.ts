/**
 * Frontend of the catalog's incremental ingestion: an admin page to watch
 * and steer incremental entity providers.
 *
 * @packageDocumentation
 */
export { catalogIngestionPlugin as default } from './plugin';
export * from './api';
export { rootRouteRef } from './routes';
export {
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
} from './permissions';
