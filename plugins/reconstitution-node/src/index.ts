/**
 * Extension points of the reconstitution backend: other event sources than
 * the built-in archive.
 *
 * @packageDocumentation
 */

export type { ReconstitutionEventSource, SourcedEvent } from './EventSource';
export { reconstitutionEventSourcesExtensionPoint } from './extensions';
export type { ReconstitutionEventSourcesExtensionPoint } from './extensions';
