import type { HumioEvent } from './events';
import { mix, Rng, salt } from '@internal/dev-kit';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** Default name of the repository that holds the sample logs. */
export const DEFAULT_SAMPLE_REPOSITORY = 'meridian-prod';

const RESOURCES = [
  'orders',
  'payments',
  'users',
  'invoices',
  'shipments',
  'catalog',
  'sessions',
  'accounts',
] as const;
const DEPENDENCIES = [
  'postgres',
  'redis',
  'kafka',
  'auth-service',
  'payments-gateway',
  's3',
] as const;
const COMPONENTS = [
  'HttpHandler',
  'Repository',
  'Scheduler',
  'EventPublisher',
  'CacheManager',
  'UpstreamClient',
] as const;
const JOBS = ['reconcile', 'cleanup', 'reindex', 'export'] as const;

type Level = 'INFO' | 'WARN' | 'ERROR';

function message(level: Level, r: Rng): string {
  const resource = r.pick(RESOURCES);
  const dep = r.pick(DEPENDENCIES);
  const ms = r.int(3, 400);
  switch (level) {
    case 'ERROR':
      return r.pick([
        () => `Request to ${dep} failed: timeout after 5000ms`,
        () =>
          `Unhandled exception: NullPointerException in ${r.pick(
            COMPONENTS,
          )}.handle`,
        () =>
          `Failed to publish event to topic ${resource}-events: broker unavailable`,
        () =>
          `Database connection refused (ECONNREFUSED 10.0.${r.int(
            0,
            9,
          )}.${r.int(2, 250)}:5432)`,
        () => `GET /api/${resource} 500 in ${ms * 10}ms`,
      ])();
    case 'WARN':
      return r.pick([
        () => `Slow query on ${resource}: ${r.int(1000, 4000)}ms`,
        () => `Retrying call to ${dep} (attempt ${r.int(1, 3)} of 3)`,
        () => `Connection pool nearly exhausted (${r.int(45, 50)}/50)`,
        () => `GET /api/${resource}/${r.int(1, 99999)} 404 in ${ms}ms`,
      ])();
    default:
      return r.pick([
        () => `GET /api/${resource} 200 in ${ms}ms`,
        () => `POST /api/${resource} 201 in ${ms}ms`,
        () => `Processed batch of ${r.int(10, 500)} ${resource} records`,
        () => `Cache refreshed: ${r.int(100, 5000)} entries`,
        () => `Health check passed`,
        () => `Scheduled job ${r.pick(JOBS)} completed in ${ms * 5}ms`,
      ])();
  }
}

export interface SampleOptions {
  services: string[];
  seed: number;
  repository: string;
}

/**
 * Log lines for each service over the last 24 hours: one per service per
 * minute at a jittered second, ~5% ERROR (each service has its own rate,
 * between 3% and 7%) and ~8% WARN. Every event is a pure function of
 * (seed, service, minute), so the same seed gives the same events for the
 * same minutes, and the window slides with the clock without anything
 * being stored; minutes are generated when first queried and cached.
 */
export class SampleLogs {
  private readonly cache = new Map<number, HumioEvent[]>();
  private readonly errorRates: number[];

  constructor(readonly options: SampleOptions) {
    this.errorRates = options.services.map(
      s =>
        0.03 +
        0.04 * (mix(options.seed, salt(s), salt('error-rate')) / 2 ** 32),
    );
  }

  /** Sample events with from <= @timestamp <= to and now - 24h < @timestamp <= now, newest first. */
  events(from: number, to: number, now: number): HumioEvent[] {
    const lo = Math.max(from, now - DAY + 1);
    const hi = Math.min(to, now);
    const out: HumioEvent[] = [];
    if (lo > hi || this.options.services.length === 0) return out;
    this.prune(now);
    for (let m = Math.floor(hi / MINUTE); m >= Math.floor(lo / MINUTE); m--) {
      for (const e of this.minute(m)) {
        const t = e['@timestamp'];
        if (t >= lo && t <= hi) out.push(e);
      }
    }
    return out;
  }

  private prune(now: number) {
    const oldest = Math.floor((now - DAY) / MINUTE) - 1;
    if (this.cache.size < 2 * 24 * 60) return;
    for (const m of this.cache.keys()) if (m < oldest) this.cache.delete(m);
  }

  /** All services' events of one minute, newest first. */
  private minute(m: number): HumioEvent[] {
    let events = this.cache.get(m);
    if (!events) {
      events = this.options.services
        .map((service, i) => this.event(service, i, m))
        .sort((a, b) => b['@timestamp'] - a['@timestamp']);
      this.cache.set(m, events);
    }
    return events;
  }

  private event(service: string, index: number, m: number): HumioEvent {
    const { seed, repository } = this.options;
    const r = new Rng(seed, salt(service), m);
    const t = m * MINUTE + Math.floor(r.next() * MINUTE);
    const roll = r.next();
    let level: Level = 'INFO';
    if (roll < this.errorRates[index]) level = 'ERROR';
    else if (roll < this.errorRates[index] + 0.08) level = 'WARN';
    const logger = `com.meridian.${service
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '')}.${r.pick(COMPONENTS)}`;
    const traceId = r.hex(32);
    const text = message(level, r);
    const id = `${r.hex(24)}_${index % 1000}_${Math.floor(t / 1000)}`;
    return {
      '@timestamp': t,
      '@timezone': 'Z',
      '@id': id,
      '@ingesttimestamp': String(t + r.int(50, 1500)),
      '@rawstring': `${new Date(t).toISOString()} ${level.padEnd(
        5,
      )} [${service}] ${logger} - ${text} traceId=${traceId}`,
      '#repo': repository,
      service,
      level,
      message: text,
      logger,
      traceId,
    };
  }
}
