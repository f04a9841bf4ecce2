import { Knex } from 'knex';
import { insertAudit } from './jobAudit';
import { JOBS, JobRow, PROGRESS } from './jobRow';

/**
 * The worker's side of the jobs table: a job is claimed by one worker,
 * which heartbeats with its progress, and hands it back or ends it. Every
 * write is conditional on the worker still holding the job, so an instance
 * that lost it (cancelled, taken over) changes nothing.
 */

export type JobProgress = {
  position?: string;
  sent: number;
  confirmed: number;
  matched: number;
  rate?: number;
};

export type JobOutcome = {
  state: 'completed' | 'failed';
  reason?: string;
  position?: string;
  sent: number;
  confirmed: number;
  matched: number;
};

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    String(e?.code ?? '').startsWith('SQLITE_CONSTRAINT') ||
    /unique/i.test(String(e?.message ?? ''))
  );
}

/** A running job whose instance stopped heartbeating, taken over. */
async function claimOrphan(
  knex: Knex,
  environments: string[],
  workerId: string,
  staleBefore: Date,
): Promise<JobRow | undefined> {
  const now = new Date();
  const orphans: JobRow[] = await knex<JobRow>(JOBS)
    .where('state', 'running')
    .whereIn('environment', environments)
    .where(b =>
      b.whereNull('claimed_by').orWhere('heartbeat_at', '<', staleBefore),
    )
    .orderBy('created_at')
    .limit(10);
  for (const orphan of orphans) {
    const taken = await knex(JOBS)
      .where({ id: orphan.id, state: 'running' })
      .where(b =>
        orphan.claimed_by === null
          ? b.whereNull('claimed_by')
          : b
              .where('claimed_by', orphan.claimed_by)
              .where('heartbeat_at', '<', staleBefore),
      )
      .update({ claimed_by: workerId, heartbeat_at: now });
    if (taken === 1) {
      return knex<JobRow>(JOBS).where({ id: orphan.id }).first();
    }
  }
  return undefined;
}

/** The oldest pending job whose queue has no running job, started. */
async function claimPending(
  knex: Knex,
  environments: string[],
  workerId: string,
): Promise<JobRow | undefined> {
  const candidates: Array<Pick<JobRow, 'id'>> = await knex<JobRow>(JOBS)
    .where('state', 'pending')
    .whereIn('environment', environments)
    .whereNotExists(
      knex(`${JOBS} as r`)
        .where('r.state', 'running')
        .whereRaw('r.environment = ??', [`${JOBS}.environment`])
        .whereRaw('r.receiver_queue = ??', [`${JOBS}.receiver_queue`]),
    )
    .orderBy('created_at')
    .limit(10)
    .select('id');
  for (const { id } of candidates) {
    // Read the clock now, not when the claim began: the job this one
    // waited for (same queue) may have finished since, and a start must
    // never be recorded before the previous job's end.
    const startedAt = new Date();
    try {
      const taken = await knex(JOBS).where({ id, state: 'pending' }).update({
        state: 'running',
        claimed_by: workerId,
        heartbeat_at: startedAt,
        started_at: startedAt,
      });
      if (taken === 1) {
        return knex<JobRow>(JOBS).where({ id }).first();
      }
    } catch (error) {
      // Another instance started a job for the same queue meanwhile.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return undefined;
}

/**
 * Takes a job to run: first a running one whose instance stopped
 * heartbeating (it resumes), then the oldest pending one whose queue has
 * no running job. Every step is a compare-and-set, so one instance wins.
 */
export async function claimJob(
  knex: Knex,
  options: { environments: string[]; workerId: string; staleBefore: Date },
): Promise<{ row: JobRow; resumed: boolean } | undefined> {
  const { environments, workerId, staleBefore } = options;
  if (environments.length === 0) return undefined;
  const orphan = await claimOrphan(knex, environments, workerId, staleBefore);
  if (orphan) return { row: orphan, resumed: true };
  const pending = await claimPending(knex, environments, workerId);
  return pending ? { row: pending, resumed: false } : undefined;
}

/**
 * Records progress while the job is this worker's and running; false
 * when it is not (cancelled, or taken over), and the worker must stop.
 */
export async function recordProgress(
  knex: Knex,
  id: string,
  workerId: string,
  progress: JobProgress,
  sample: boolean,
): Promise<boolean> {
  const now = new Date();
  const updated = await knex(JOBS)
    .where({ id, claimed_by: workerId, state: 'running' })
    .update({
      position: progress.position ?? null,
      sent: progress.sent,
      confirmed: progress.confirmed,
      matched: progress.matched,
      rate: progress.rate ?? null,
      heartbeat_at: now,
    });
  if (updated === 1 && sample) {
    await knex(PROGRESS).insert({
      job_id: id,
      at: now,
      sent: progress.sent,
      confirmed: progress.confirmed,
    });
  }
  return updated === 1;
}

/**
 * Keeps the counts of a job that was cancelled while this worker ran it
 * accurate: confirms that arrived after the cancel still count.
 */
export async function recordFinalCounts(
  knex: Knex,
  id: string,
  workerId: string,
  progress: { position?: string; sent: number; confirmed: number },
) {
  await knex(JOBS)
    .where({ id, claimed_by: workerId })
    .whereNot('state', 'running')
    .update({
      position: progress.position ?? null,
      sent: progress.sent,
      confirmed: progress.confirmed,
      rate: null,
      claimed_by: null,
    });
}

/** Hands a running job back (e.g. the broker went away) to be resumed. */
export async function releaseJob(knex: Knex, id: string, workerId: string) {
  await knex(JOBS)
    .where({ id, claimed_by: workerId, state: 'running' })
    .update({ claimed_by: null, rate: null });
}

/** Ends a running job this worker holds; false when it no longer did. */
export async function finishJob(
  knex: Knex,
  id: string,
  workerId: string,
  outcome: JobOutcome,
): Promise<boolean> {
  return knex.transaction(async tx => {
    const now = new Date();
    const updated = await tx(JOBS)
      .where({ id, claimed_by: workerId, state: 'running' })
      .update({
        state: outcome.state,
        reason: outcome.reason ?? null,
        position: outcome.position ?? null,
        sent: outcome.sent,
        confirmed: outcome.confirmed,
        matched: outcome.matched,
        rate: null,
        finished_at: now,
        claimed_by: null,
      });
    if (updated !== 1) return false;
    await tx(PROGRESS).insert({
      job_id: id,
      at: now,
      sent: outcome.sent,
      confirmed: outcome.confirmed,
    });
    await insertAudit(tx, {
      actor: 'reconstitution-worker',
      action: outcome.state === 'completed' ? 'complete' : 'fail',
      jobId: id,
      details:
        outcome.reason ?? `${outcome.confirmed} events delivered and confirmed`,
    });
    return true;
  });
}
