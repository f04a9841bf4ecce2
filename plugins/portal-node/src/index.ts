/**
 * Shared backend code of the portal's own plugins.
 *
 * @packageDocumentation
 */
export { isProductionConfig } from './production';
export {
  assertRequiredSettings,
  checkTransport,
  findSettingProblems,
  isLoopbackHost,
  ProductionSettingsError,
} from './requiredSettings';
export type { RequiredSetting } from './requiredSettings';
export {
  auditDecision,
  DEFAULT_APPROVAL_EXPIRY_MS,
  readApprovalExpiry,
  readEnvironmentApprovals,
} from './approvals';
export type { EnvironmentApprovalOptions } from './approvals';
export { jsonBody } from './jsonBody';
export { parseRequest } from './http/parseRequest';
export type {
  ParsedRequest,
  RequestIssue,
  RequestSchema,
} from './http/parseRequest';
export { migratedClient } from './database/migratedClient';
export { chunks, isPostgres, parseJson, toDate, toIso } from './database/rows';
export type { DbTime } from './database/rows';
export { createOwnerPermissionRule } from './permissions/ownerRule';
export type { OwnedResource, OwnerFilter } from './permissions/ownerRule';
export { entityNameSchema } from './http/entitySchemas';
