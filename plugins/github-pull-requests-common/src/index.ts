/**
 * Types and permissions shared by the github-pull-requests plugin's frontend
 * and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './types';
