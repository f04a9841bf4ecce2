import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  EntityLogsResponse,
  HumioLogRange,
  HumioStatusResponse,
} from '@internal/backstage-plugin-humio-common';

export type {
  EntityLogsInvalidQuery,
  EntityLogsNotConfigured,
  EntityLogsOk,
  EntityLogsResponse,
  HumioLogEvent,
  HumioLogRange,
  HumioStatusResponse,
} from '@internal/backstage-plugin-humio-common';

/** An entity by namespace, kind and name. */
export type HumioEntityName = { namespace: string; kind: string; name: string };

export type EntityLogsRequest = {
  range: HumioLogRange;
  /** Events at most (the backend's default 100 when omitted). */
  limit?: number;
  /** Text the events must contain (sent as text, never as a query). */
  filter?: string;
};

/** Reads logs through the humio backend. */
export interface HumioApi {
  /**
   * The entity's recent events and counts for a range, or why there are
   * none (not configured, a query Humio refuses). Humio not answering
   * rejects with a ResponseError (503), no permission with one (403).
   */
  getEntityLogs(
    entity: HumioEntityName,
    request: EntityLogsRequest,
  ): Promise<EntityLogsResponse>;
  /** Whether the backend reaches Humio now. */
  getStatus(): Promise<HumioStatusResponse>;
}

/** The {@link HumioApi}. */
export const humioApiRef = createApiRef<HumioApi>().with({
  id: 'plugin.humio.api',
  pluginId: 'humio',
});
