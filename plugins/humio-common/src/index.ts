/**
 * Annotations, permissions and response types shared by the humio plugin's
 * frontend and backend.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './types';
