/*
 * The tech-insights bench's figures and the notes that say how each was
 * measured, for the results file.
 */
import { Metric, round } from '../lib/results';
import type { Evaluation } from './evaluation';
import type { CommunityRun } from './onDemand';
import type { measurePages } from './pages';
import {
  DATABASE,
  FACTS_READ_RUNS,
  N,
  SAMPLE_PAIRS,
  SCHEMA,
  STEADY_RUNS,
  TARGET_MATRIX_P95_MS,
  TARGET_N,
  TARGET_SPEEDUP,
  TARGET_TAB_P95_MS,
  metric,
} from './settings';

export type Measured = {
  factsReadMs: number;
  first: Evaluation;
  steady: Evaluation[];
  steadyMs: number;
  community: CommunityRun;
  pages: Awaited<ReturnType<typeof measurePages>>;
  peakRssMiB: number;
};

export function record(m: Measured, metrics: Record<string, Metric>) {
  const { factsReadMs, first, steadyMs } = m;
  const communityMs = m.community.ms;
  const { tab, page, matrix, group, serviceTab } = m.pages;
  const speedup = communityMs / first.wallMs;
  metrics.facts_read_ms = metric(round(factsReadMs, 1), 'ms', 'lower');
  metrics.full_evaluation_first_ms = metric(
    round(first.wallMs, 0),
    'ms',
    'lower',
  );
  metrics.full_evaluation_ms = metric(round(steadyMs, 0), 'ms', 'lower');
  metrics.community_checks_run_ms = metric(
    round(communityMs, 0),
    'ms',
    'lower',
  );
  metrics.evaluation_speedup_vs_community = metric(
    round(speedup, 2),
    'x',
    'higher',
    TARGET_SPEEDUP,
  );
  metrics.evaluation_steady_speedup_vs_community = metric(
    round(communityMs / steadyMs, 2),
    'x',
    'higher',
  );
  metrics.evaluation_vs_facts_read = metric(
    round(steadyMs / factsReadMs, 1),
    'x',
    'lower',
  );
  metrics.component_tab_p50_ms = metric(round(tab.p50, 1), 'ms', 'lower');
  metrics.component_tab_p95_ms = metric(
    round(tab.p95, 1),
    'ms',
    'lower',
    TARGET_TAB_P95_MS,
  );
  metrics.component_tab_parallel_p50_ms = metric(
    round(page.p50, 1),
    'ms',
    'lower',
  );
  metrics.component_tab_parallel_p95_ms = metric(
    round(page.p95, 1),
    'ms',
    'lower',
  );
  metrics.component_tab_service_p95_ms = metric(
    round(serviceTab.p95, 1),
    'ms',
    'lower',
  );
  metrics.squads_matrix_p50_ms = metric(round(matrix.p50, 1), 'ms', 'lower');
  metrics.squads_matrix_p95_ms = metric(
    round(matrix.p95, 1),
    'ms',
    'lower',
    TARGET_MATRIX_P95_MS,
  );
  metrics.group_scorecard_p95_ms = metric(round(group.p95, 1), 'ms', 'lower');
  metrics.backend_peak_rss_mib = metric(round(m.peakRssMiB, 0), 'MiB', 'lower');
}

/** How each figure was measured, and this run's settings. */
export function notesOf(
  m: Measured,
  checkIds: string[],
  tracks: unknown[],
): string[] {
  const { first, steady } = m;
  const { passed, failed: failedChecks, bytes: communityBytes } = m.community;
  const notes = [
    `${N} components (type service, owned round-robin by 40 squads of 8 colonies, ~90% in one of 50 systems of 8 domains with a tier) × ${checkIds.length} checks of ${tracks.length} tracks (app-config.yaml); facts written straight into the facts table (one row per component and retriever, seeded random values); no fact retriever scheduled; the scorecards schedule held off (initialDelay 24 h)`,
    `backend under test: its own process (bench/tech-insights/backend.ts), NODE_ENV=production, workspace sources through Backstage's TypeScript transform, Postgres database ${DATABASE} with plugin division by schema (tech-insights tables in schema "${SCHEMA}"); the catalog, the community tech-insights backend with the scorecards module, auth (guest) and the permission framework with a policy that allows everything`,
    `full_evaluation_*: wall time of POST /scorecards/evaluate (evaluateAll(), as the schedule runs it: catalog read, facts read, evaluation, writes, group roll-ups) as the signed-in guest (the route refuses service tokens); backend-reported durationMs: first ${
      first.backendMs
    } ms, steady ${steady
      .map(s => s.backendMs)
      .join(
        ', ',
      )} ms; full_evaluation_ms is the median of ${STEADY_RUNS} runs that find nothing changed`,
    `community_checks_run_ms: POST /api/tech-insights/checks/run with all ${N} entities and all ${
      checkIds.length
    } check ids in ${
      m.community.requests
    } request(s) (the community router runs up to 100 entities at once), until its ${(
      communityBytes /
      1024 ** 2
    ).toFixed(
      1,
    )} MiB response is read; ${passed} checks passed and ${failedChecks} failed, the same passes per check as the scorecards' results, and the same state for ${SAMPLE_PAIRS} sampled entity × check pairs`,
    `evaluation_vs_facts_read is full_evaluation_ms (steady) over facts_read_ms (FactsReader's query of the latest facts of every component, JSON parsed and merged, from the bench, median of ${FACTS_READ_RUNS})`,
    `component_tab_*, squads_matrix_*, group_scorecard_*: sequential requests as the signed-in guest (a user token: each request asks the permission backend, whose allow-all policy allows it), after warm-up; component_tab_parallel_* is the tab's 4 requests (scorecard, /tracks, history, exemptions) sent together, until the last is read; component_tab_service_p95_ms is the tab's request with the static token, which the permission framework allows without asking the policy`,
    `backend_peak_rss_mib: the backend's VmHWM at the end of the run (startup, catalog processing and all measurements)`,
  ];
  if (N !== TARGET_N) {
    notes.push(
      `targets apply at ${TARGET_N} components; this run had ${N}, so none is set`,
    );
  }
  return notes;
}
