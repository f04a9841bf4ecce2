import { notFound } from '../http/errors';
import type { HumioEvent } from './events';
import { SampleLogs } from './sample';

/**
 * Repositories and their events, in memory: what was ingested plus, in the
 * sample repository, the generated logs of the last 24 hours.
 */
export class Store {
  private readonly ingested = new Map<string, HumioEvent[]>();
  private sampleEnabled = true;

  constructor(
    private readonly repositoryNames: string[],
    private readonly sample: SampleLogs | undefined,
  ) {
    for (const name of repositoryNames) this.ingested.set(name, []);
  }

  repositories(): string[] {
    return [...this.repositoryNames];
  }

  has(repo: string): boolean {
    return this.ingested.has(repo);
  }

  /** Throws a 404 for an unknown repository. */
  check(repo: string): void {
    if (!this.has(repo)) {
      throw notFound(`Repository or view '${repo}' does not exist`);
    }
  }

  add(repo: string, events: HumioEvent[]): void {
    this.check(repo);
    const list = this.ingested.get(repo)!;
    for (const e of events) list.push(e);
  }

  /** Events with from <= @timestamp <= to, newest first (ties: last ingested first). */
  events(repo: string, from: number, to: number, now: number): HumioEvent[] {
    this.check(repo);
    const out: HumioEvent[] = [];
    const list = this.ingested.get(repo)!;
    for (let i = list.length - 1; i >= 0; i--) {
      const t = list[i]['@timestamp'];
      if (t >= from && t <= to) out.push(list[i]);
    }
    if (
      this.sample &&
      this.sampleEnabled &&
      this.sample.options.repository === repo
    ) {
      out.push(...this.sample.events(from, to, now));
    }
    // Stable: equal timestamps keep ingested-before-sample, newest ingest first.
    return out.sort((a, b) => b['@timestamp'] - a['@timestamp']);
  }

  /** Every event of the repository (sample logs: the last 24 hours), newest first. */
  all(repo: string, now: number): HumioEvent[] {
    return this.events(repo, -Infinity, Infinity, now);
  }

  /** Drops ingested events (and the sample logs, if it is the sample repository). */
  clear(repo?: string): void {
    const repos = repo === undefined ? this.repositoryNames : [repo];
    for (const r of repos) {
      this.check(r);
      this.ingested.set(r, []);
      if (this.sample?.options.repository === r) this.sampleEnabled = false;
    }
  }

  /** Back to the start: nothing ingested, sample logs on. */
  reset(): void {
    for (const r of this.repositoryNames) this.ingested.set(r, []);
    this.sampleEnabled = true;
  }
}
