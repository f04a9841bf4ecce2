export { AuditLog, AUDIT_PAGE_SIZE } from './AuditLog';
