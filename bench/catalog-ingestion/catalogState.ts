/*
 * What the catalog of the backend under test holds: through its API (as
 * the bench's service or as a person) and from its tables.
 */
import { Knex } from 'knex';
import { INGESTED_BY_ANNOTATION } from '../../plugins/catalog-backend-module-github-repos/src/provider/entities';
import { API_TOKEN } from './settings';

export async function api(
  baseUrl: string,
  pathAndQuery: string,
  token = API_TOKEN,
): Promise<Response> {
  return fetch(`${baseUrl}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/** totalItems of a by-query filter (all entities without one). */
export async function countEntities(baseUrl: string, filter?: string) {
  const params = new URLSearchParams({ limit: '0' });
  if (filter) params.set('filter', filter);
  const res = await api(baseUrl, `/api/catalog/entities/by-query?${params}`);
  if (!res.ok) {
    throw new Error(
      `by-query count failed: HTTP ${res.status} ${(await res.text()).slice(
        0,
        200,
      )}`,
    );
  }
  return (await res.json()).totalItems as number;
}

export type CatalogCounts = {
  handed: number;
  processed: number;
  stitched: number;
};

/**
 * The catalog's pipeline, from its tables (schema `catalog`): rows handed
 * over by providers and emitted by processing, rows processed, entities
 * stitched (what the API serves).
 */
export async function catalogCounts(knex: Knex): Promise<CatalogCounts> {
  try {
    const { rows } = await knex.raw(`SELECT
      (SELECT count(*) FROM catalog.refresh_state) AS handed,
      (SELECT count(*) FROM catalog.refresh_state
        WHERE processed_entity IS NOT NULL) AS processed,
      (SELECT count(*) FROM catalog.final_entities
        WHERE final_entity IS NOT NULL) AS stitched`);
    return {
      handed: Number(rows[0].handed),
      processed: Number(rows[0].processed),
      stitched: Number(rows[0].stitched),
    };
  } catch {
    // Before the catalog's migrations.
    return { handed: 0, processed: 0, stitched: 0 };
  }
}

/**
 * Stitched entities of a provider, from the catalog's search table (what
 * the API filters on): the queryable count when the API no longer answers.
 */
export async function stitchedOf(
  knex: Knex,
  provider: string,
): Promise<number> {
  try {
    const { rows } = await knex.raw(
      `SELECT count(*) FROM catalog.search WHERE key = ? AND value = ?`,
      [`metadata.annotations.${INGESTED_BY_ANNOTATION}`, provider],
    );
    return Number(rows[0].count);
  } catch {
    return 0;
  }
}

/** Entities whose processing failed, for a stalled run's report. */
export async function processingErrors(knex: Knex): Promise<string> {
  try {
    const { rows } = await knex.raw(`SELECT entity_ref, errors
      FROM catalog.refresh_state
      WHERE errors IS NOT NULL AND errors NOT IN ('', '[]') LIMIT 5`);
    const [{ count }] = (
      await knex.raw(`SELECT count(*) FROM catalog.refresh_state
        WHERE errors IS NOT NULL AND errors NOT IN ('', '[]')`)
    ).rows;
    return `${count} entities with processing errors${rows
      .map(
        (r: { entity_ref: string; errors: string }) =>
          `\n  ${r.entity_ref}: ${r.errors.slice(0, 300)}`,
      )
      .join('')}`;
  } catch (error) {
    return `could not read processing errors: ${error}`;
  }
}
