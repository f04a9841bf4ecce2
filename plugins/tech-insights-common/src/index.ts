/**
 * Types and permissions of the portal's tech-insights scorecards.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
