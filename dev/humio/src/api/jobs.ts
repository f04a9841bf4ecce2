import { createHash, randomBytes } from 'crypto';
import { notFound } from '../http/errors';
import type { ParsedQuery } from '../query/ast';
import type { QueryInput } from '../query/input';

export interface QueryJob {
  id: string;
  repo: string;
  input: QueryInput;
  parsed: ParsedQuery;
  hashedQueryOnView: string;
  lastPolled: number;
}

/** A query job is removed when not polled for this long (Humio: 90 s; live: 1 h). */
export const JOB_IDLE_MS = 90_000;
export const LIVE_JOB_IDLE_MS = 3_600_000;

/** Query jobs by id; each poll runs the query again, as Humio describes. */
export class QueryJobs {
  private readonly jobs = new Map<string, QueryJob>();

  create(repo: string, input: QueryInput, parsed: ParsedQuery): QueryJob {
    this.expire();
    const id = `P0-${randomBytes(18).toString('base64url')}`;
    const hashedQueryOnView = createHash('sha256')
      .update(`${repo}\u0000${input.queryString}`)
      .digest('hex')
      .slice(0, 32);
    const job = {
      id,
      repo,
      input,
      parsed,
      hashedQueryOnView,
      lastPolled: Date.now(),
    };
    this.jobs.set(id, job);
    return job;
  }

  /** The job, touched; 404 if unknown, deleted, expired or of another repository. */
  get(repo: string, id: string): QueryJob {
    this.expire();
    const job = this.jobs.get(id);
    if (!job || job.repo !== repo) {
      throw notFound(`No query job with id '${id}' in '${repo}'`);
    }
    job.lastPolled = Date.now();
    return job;
  }

  delete(repo: string, id: string): void {
    this.get(repo, id);
    this.jobs.delete(id);
  }

  clear(): void {
    this.jobs.clear();
  }

  get size(): number {
    return this.jobs.size;
  }

  private expire() {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      const idle = job.input.isLive ? LIVE_JOB_IDLE_MS : JOB_IDLE_MS;
      if (now - job.lastPolled > idle) this.jobs.delete(id);
    }
  }
}
