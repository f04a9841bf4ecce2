/**
 * The queue registry: which component owns which RabbitMQ queue.
 *
 * @packageDocumentation
 */
export { catalogModuleQueueRegistry as default } from './module';
export { QueueRegistryStore } from './QueueRegistryStore';
export { QueueClaimProcessor } from './QueueClaimProcessor';
