/*
 * The pages phase: what the component tab, the squads matrix and a
 * squad's page read, as the signed-in guest (the permission framework is
 * consulted, as for people), and the tab as a service for comparison.
 */
import { performance } from 'node:perf_hooks';
import { progress } from '../lib/results';
import { latency } from '../lib/stats';
import { GeneratedCatalog } from './catalog';
import { ok } from './http';
import {
  API,
  API_TOKEN,
  GROUP_RUNS,
  MATRIX_RUNS,
  PAGE_RUNS,
  SERVICE_TAB_RUNS,
  SQUADS,
  TAB_RUNS,
  TAB_WARMUP,
} from './settings';

export async function measurePages(options: {
  baseUrl: string;
  /** The signed-in guest's token. */
  token: string;
  catalog: GeneratedCatalog;
  tracks: any[];
  pick: <T>(items: T[]) => T;
}) {
  const { baseUrl, token, catalog, tracks, pick } = options;
  const entityPath = (name: string) =>
    `${API}/scorecards/entities/default/component/${name}`;
  progress('reads as the signed-in guest');
  const tab = await latency(
    'component tab: GET /scorecards/entities/default/component/<random>',
    TAB_RUNS,
    TAB_WARMUP,
    async () => {
      const reply = await ok(
        baseUrl,
        'GET',
        entityPath(pick(catalog.components)),
        token,
      );
      if (reply.body.tracks?.length !== tracks.length) {
        throw new Error(
          `the entity scorecard has ${reply.body.tracks?.length} tracks`,
        );
      }
      return reply.ms;
    },
  );
  const page = await latency(
    'component tab page load: scorecard, /tracks, history, exemptions together',
    PAGE_RUNS,
    TAB_WARMUP,
    async () => {
      const name = pick(catalog.components);
      const started = performance.now();
      await Promise.all([
        ok(baseUrl, 'GET', entityPath(name), token),
        ok(baseUrl, 'GET', `${API}/scorecards/tracks`, token),
        ok(baseUrl, 'GET', `${entityPath(name)}/history`, token),
        ok(
          baseUrl,
          'GET',
          `${API}/scorecards/exemptions?entityRef=${encodeURIComponent(
            `component:default/${name}`,
          )}`,
          token,
        ),
      ]);
      return performance.now() - started;
    },
  );
  const matrix = await latency(
    'squads matrix: GET /scorecards/matrix',
    MATRIX_RUNS,
    5,
    async () => {
      const reply = await ok(baseUrl, 'GET', `${API}/scorecards/matrix`, token);
      if (reply.body.squads?.length !== SQUADS) {
        throw new Error(`the matrix has ${reply.body.squads?.length} squads`);
      }
      return reply.ms;
    },
  );
  const group = await latency(
    'squad page: GET /scorecards/groups/default/<random squad>',
    GROUP_RUNS,
    5,
    async () => {
      const reply = await ok(
        baseUrl,
        'GET',
        `${API}/scorecards/groups/default/${pick(catalog.squads)}`,
        token,
      );
      if (!Array.isArray(reply.body.components)) {
        throw new Error('the group scorecard has no components');
      }
      return reply.ms;
    },
  );
  progress(
    'the component tab with the static token (a service: no permission round-trip)',
  );
  const serviceTab = await latency(
    'component tab as a service',
    SERVICE_TAB_RUNS,
    TAB_WARMUP,
    async () =>
      (
        await ok(
          baseUrl,
          'GET',
          entityPath(pick(catalog.components)),
          API_TOKEN,
        )
      ).ms,
  );
  return { tab, page, matrix, group, serviceTab };
}
