/**
 * Shared AMQP (RabbitMQ) connection, consumer and confirm-publisher library
 * for backend plugins.
 *
 * @packageDocumentation
 */

export { AmqpEnvironment } from './AmqpEnvironment';
export type { AmqpEnvironmentOptions } from './AmqpEnvironment';
export { ConfirmPublisher, PUBLISH_ID_HEADER } from './ConfirmPublisher';
export type { AmqpPublishMessage } from './ConfirmPublisher';
export {
  UnroutableError,
  PublishNackError,
  ChannelClosedError,
} from './errors';
export { TokenBucket } from './TokenBucket';
export { readAmqpEnvironmentsConfig } from './config';
export type { AmqpEnvironmentConfig } from './config';
export { amqpEnvironmentsServiceRef } from './service';
export type { AmqpEnvironments } from './service';
export { declareDeadLetterTopology } from './topology';
export type { DeadLetterTopologyNames } from './topology';
export type {
  AmqpConnectionState,
  AmqpEnvironmentStatus,
  AmqpDelivery,
  AmqpConsumer,
} from './types';
export { fromJsonSafe, toJsonSafe, toJsonSafeObject } from './codec/jsonSafe';
export { REPUBLISHED_PROPERTIES, republishOptions } from './codec/republish';
export type { RepublishedProperty } from './codec/republish';
export { readConsumerSettings } from './consumerSettings';
export type { ConsumerSettings } from './consumerSettings';
