export { deadLetterApiRef } from './DeadLetterApi';
export type {
  AuditAction,
  AuditEntry,
  AuditOutcome,
  ListAuditResponse,
  MessageActionResult,
  BrokerConnectionState,
  BrokerConnectionStatus,
  CaptureQueueStatus,
  DeadLetterApi,
  DeadLetterCount,
  DeadLetterEnvironment,
  FailureGroup,
  ListMessagesRequest,
  ListMessagesResponse,
} from './DeadLetterApi';
export { DeadLetterClient } from './DeadLetterClient';
