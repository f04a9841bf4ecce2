/**
 * Types and permissions shared by the reconstitution plugin's frontend and
 * backend.
 *
 * @packageDocumentation
 */

export * from './approvals';
export * from './permissions';
export * from './types';
