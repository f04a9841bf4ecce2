export { humioApiRef } from './HumioApi';
export type {
  EntityLogsInvalidQuery,
  EntityLogsNotConfigured,
  EntityLogsOk,
  EntityLogsRequest,
  EntityLogsResponse,
  HumioApi,
  HumioEntityName,
  HumioLogEvent,
  HumioLogRange,
  HumioStatusResponse,
} from './HumioApi';
export { HumioClient } from './HumioClient';
