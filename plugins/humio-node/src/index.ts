/**
 * The portal's audit trail to Humio: an auditor service that keeps the
 * default audit logging and also writes privileged events to a durable
 * outbox in each plugin's database, and the shipper that sends the outbox to
 * Humio's structured ingest API.
 *
 * @packageDocumentation
 */

export { humioAuditorServiceFactory } from './audit/humioAuditorServiceFactory';
export { AuditOutbox, AUDIT_MIGRATIONS_TABLE } from './audit/AuditOutbox';
export type { AuditOutboxClaim, AuditOutboxRow } from './audit/AuditOutbox';
export {
  AuditShipper,
  AUDIT_SOURCE_TAG,
  toIngestBody,
} from './audit/AuditShipper';
export type { AuditShipperOptions } from './audit/AuditShipper';
export { readHumioAuditSettings } from './audit/config';
export type { HumioAuditSettings } from './audit/config';
