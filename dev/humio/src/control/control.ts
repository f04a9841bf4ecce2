import type { HumioEvent } from '../data/events';
import type { AppContext } from '../http/pipeline';
import type { HumioStats } from '../http/stats';

export interface HumioInfo {
  url: string;
  repositories: string[];
  /** The repository holding the sample logs (when services were given). */
  sampleRepository?: string;
  services: string[];
  seed: number;
  down: boolean;
  latencyMs: number;
}

/** Changes the world behind the API; the same operations are served under /_control/. */
export interface HumioControl {
  info(): HumioInfo;
  /** While down, every API request is answered 503 (Humio unavailable). */
  setDown(down: boolean): void;
  isDown(): boolean;
  /** Added to every API response from now on. */
  setLatency(ms: number): void;
  /** Every stored event of a repository (sample logs: the last 24 hours), newest first, as the query API returns them. */
  events(repo: string): HumioEvent[];
  /** Drops the events of one repository (all when omitted), sample logs included. */
  clear(repo?: string): void;
  stats(): HumioStats;
  resetStats(): void;
  /** Back to the start: no ingested events, sample logs back, up, no query jobs, stats reset. */
  reset(): void;
}

export function createControl(
  app: AppContext,
  info: {
    url(): string;
    services: string[];
    seed: number;
    sampleRepository?: string;
  },
  initialLatencyMs: number,
): HumioControl {
  return {
    info: () => ({
      url: info.url(),
      repositories: app.store.repositories(),
      sampleRepository: info.sampleRepository,
      services: [...info.services],
      seed: info.seed,
      down: app.state.down,
      latencyMs: app.state.latencyMs,
    }),
    setDown: down => {
      app.state.down = Boolean(down);
    },
    isDown: () => app.state.down,
    setLatency: ms => {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(
          'latency must be a non-negative number of milliseconds',
        );
      }
      app.state.latencyMs = ms;
    },
    events: repo => app.store.all(repo, app.now()).map(e => ({ ...e })),
    clear: repo => app.store.clear(repo),
    stats: () => app.stats.snapshot(),
    resetStats: () => app.stats.reset(),
    reset: () => {
      app.store.reset();
      app.jobs.clear();
      app.stats.reset();
      app.state.down = false;
      app.state.latencyMs = initialLatencyMs;
    },
  };
}
