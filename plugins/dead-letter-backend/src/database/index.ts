/**
 * Storage of the dead-letter plugin: {@link DeadLetterDatabase} runs the
 * migrations and hands out one store per concern.
 */
export { DeadLetterDatabase } from './DeadLetterDatabase';
export type { ApprovalStore, StoredApproval } from './ApprovalStore';
export type {
  AuditAction,
  AuditEntry,
  AuditLog,
  AuditOutcome,
} from './AuditLog';
export { MAX_LIST_LIMIT, MAX_SEARCH_TEXT_LENGTH } from './listQuery';
export { LIST_COUNT_CAP } from './MessageQueries';
export type { MessageQueries } from './MessageQueries';
export type { MessageResources } from './MessageResources';
export type { MessageWriter } from './MessageWriter';
export type { OwnerAssignment } from './OwnerAssignment';
export { toJob } from './ReplayStore';
export type { ReplayItem, ReplaySource, ReplayStore } from './ReplayStore';
export type { Retention } from './Retention';
export type { SearchIndex } from './SearchIndex';
export { BODY_TEXT_LIMIT } from './types';
export type {
  CapturedDeadLetter,
  DeadLetterListFilter,
  DeadLetterListQuery,
  DeadLetterListResult,
  DeadLetterOwnerMapping,
  DeadLetterResource,
  DeadLetterToInsert,
} from './types';
