/**
 * The queue annotation and its parser, and the types and permission of the
 * catalog's queue registry (which component owns which RabbitMQ queue).
 *
 * @packageDocumentation
 */
export * from './queues';
export * from './types';
export * from './permissions';
