import { createApiRef } from '@backstage/frontend-plugin-api';

/**
 * `GET /incremental/health`: whether any provider has more than one active
 * ingestion record (which the engine does not clean up by itself).
 */
export type IngestionHealth = {
  healthy: boolean;
  /** Providers with duplicate active ingestions; empty when healthy. */
  duplicateIngestions: string[];
};

/**
 * `GET /incremental/providers/:provider`: where the provider's current
 * ingestion is.
 */
export type ProviderStatus = {
  /**
   * The engine's own word: `bursting`, `interstitial`, `resting`,
   * `backing off`, `canceling`, or `rest complete, waiting to start` when the
   * provider has no open ingestion record (between two cycles).
   */
  currentAction: string;
  /** ISO time of the next action; absent between two cycles. */
  nextActionAt?: string;
  /**
   * The last error of the current cycle (a failed burst, a rejected removal).
   * It stays until the next cycle starts, also once bursts succeed again.
   */
  lastError?: string;
};

/**
 * A row of `ingestion_marks`: one page the provider handed to the catalog in
 * the current cycle (`GET /incremental/providers/:provider/marks`).
 */
export type IngestionMark = {
  id: string;
  /** 0 for the first page of the cycle. */
  sequence: number;
  /**
   * Where the provider continues after this page; none on the last page of
   * a cycle.
   */
  cursor?: unknown;
  /** ISO time the page was stored. */
  createdAt?: string;
};

/** The answer of trigger, start and cancel. */
export type ProviderActionResult = {
  /**
   * The backend's own words, e.g. `github-repos-meridian: Next action
   * triggered.`, or `Unable to trigger next action (provider is restarting)`
   * when nothing happened.
   */
  message: string;
};

/** The answer of a reset: what was deleted. */
export type ProviderResetResult = {
  provider: string;
  ingestionsDeleted: number;
  marksDeleted: number;
  markEntitiesDeleted: number;
};

/**
 * The admin endpoints of the catalog's incremental ingestion engine
 * (`@backstage/plugin-catalog-backend-module-incremental-ingestion`), under
 * `/api/catalog/incremental`. Reads need `catalog.ingestion.read`, actions
 * `catalog.ingestion.manage`; refusals are errors with status 403.
 */
export interface CatalogIngestionApi {
  /** `GET /incremental/health` */
  getHealth(): Promise<IngestionHealth>;
  /** `GET /incremental/providers`: names of the providers with records. */
  listProviders(): Promise<string[]>;
  /** `GET /incremental/providers/:provider`; 404 for an unknown provider. */
  getProviderStatus(provider: string): Promise<ProviderStatus>;
  /**
   * `GET /incremental/providers/:provider/marks`: the pages of the current
   * cycle, newest first; none between two cycles.
   */
  getProviderMarks(provider: string): Promise<IngestionMark[]>;
  /**
   * `POST /incremental/providers/:provider/trigger`: the next action is due
   * now (ends a rest or a backoff early).
   */
  triggerNextAction(provider: string): Promise<ProviderActionResult>;
  /**
   * `POST /incremental/providers/:provider/start`: ends the current cycle or
   * rest and starts a new cycle from the first page.
   */
  startNextCycle(provider: string): Promise<ProviderActionResult>;
  /**
   * `POST /incremental/providers/:provider/cancel`: stops the current cycle
   * and leaves the provider resting (paused) until it is started again.
   */
  cancelIngestion(provider: string): Promise<ProviderActionResult>;
  /**
   * `DELETE /incremental/providers/:provider`: deletes all the engine's
   * records of the provider (ingestions, pages, the refs of the entities it
   * ingested) and leaves it resting for 24 hours.
   */
  resetProvider(provider: string): Promise<ProviderResetResult>;
}

/** The {@link CatalogIngestionApi}. */
export const catalogIngestionApiRef = createApiRef<CatalogIngestionApi>().with({
  id: 'plugin.catalog-ingestion.api',
  pluginId: 'catalog-ingestion',
});
