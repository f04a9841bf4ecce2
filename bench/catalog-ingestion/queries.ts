/*
 * The catalog API's first page at the largest N, as the signed-in guest
 * (the permission framework is consulted as for people).
 */
import { performance } from 'node:perf_hooks';
import { Backend, guestToken } from '../lib/backendProcess';
import { MaybeMetric, percentile, progress } from '../lib/results';
import { latencyMetrics, timeRuns } from '../lib/stats';
import { api } from './catalogState';
import { QUERY_RUNS, TARGET_BY_QUERY_P95_MS, TARGET_SIZE } from './settings';

const QUERY_CASES = [
  {
    name: 'by_query',
    what: 'first page of all entities by name',
    query: 'limit=20&orderField=metadata.name,asc',
  },
  {
    name: 'by_query_component',
    what: 'first page of components by name',
    query: 'limit=20&orderField=metadata.name,asc&filter=kind=component',
  },
  {
    name: 'by_query_component_no_total',
    what: 'the same without totalItems, as the catalog page asks for its rows',
    query:
      'limit=20&orderField=metadata.name,asc&filter=kind=component&totalItems=exclude',
  },
];

export async function measureQueries(
  backend: Backend,
  n: number,
  metrics: Record<string, MaybeMetric>,
) {
  const token = await guestToken(backend.baseUrl);
  const target = n === TARGET_SIZE ? TARGET_BY_QUERY_P95_MS : null;
  for (const c of QUERY_CASES) {
    const url = `/api/catalog/entities/by-query?${c.query}`;
    // 5 warm-up requests first
    const times = await timeRuns(QUERY_RUNS, 5, async () => {
      const started = performance.now();
      const res = await api(backend.baseUrl, url, token);
      const body = await res.json();
      const ms = performance.now() - started;
      if (!res.ok || !Array.isArray(body.items)) {
        throw new Error(
          `${url}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`,
        );
      }
      if (body.items.length !== Math.min(20, n)) {
        throw new Error(`${url} returned ${body.items.length} entities`);
      }
      return ms;
    });
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    progress(
      `  ${
        c.what
      } (as the signed-in guest, ${QUERY_RUNS} requests): p50 ${p50.toFixed(
        1,
      )} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
    );
    Object.assign(metrics, latencyMetrics(c.name, p50, p95, target));
  }
}
