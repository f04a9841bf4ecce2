/**
 * Client of the catalog's queue registry: which component owns which queue.
 *
 * @packageDocumentation
 */
export {
  QueueRegistryClient,
  queueRegistryServiceRef,
  type QueueRegistry,
} from './QueueRegistryClient';
export { mockQueueRegistry } from './mockQueueRegistry';
