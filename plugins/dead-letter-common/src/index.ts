/**
 * Types and permissions shared by the dead-letter plugin packages.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
