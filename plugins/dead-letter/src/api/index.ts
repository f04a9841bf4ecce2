export { deadLetterApiRef } from './DeadLetterApi';
export type {
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
