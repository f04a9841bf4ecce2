/**
 * Types and permissions shared by the dead-letter plugin packages.
 *
 * @packageDocumentation
 */
export * from './approvals';
export * from './permissions';
export * from './responses';
export * from './types';
