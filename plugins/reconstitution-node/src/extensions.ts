import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ReconstitutionEventSource } from './EventSource';

/**
 * Adds event sources to the reconstitution backend.
 *
 * @public
 */
export interface ReconstitutionEventSourcesExtensionPoint {
  addEventSource(source: ReconstitutionEventSource): void;
}

/**
 * Extension point for event sources other than the built-in archive.
 *
 * @public
 */
export const reconstitutionEventSourcesExtensionPoint =
  createExtensionPoint<ReconstitutionEventSourcesExtensionPoint>({
    id: 'reconstitution.event-sources',
  });
