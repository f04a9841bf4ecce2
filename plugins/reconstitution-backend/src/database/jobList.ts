import { InputError } from '@backstage/errors';
import type {
  ReconstitutionJob,
  ReconstitutionJobState,
} from '@internal/backstage-plugin-reconstitution-common';
import { Knex } from 'knex';
import { toDate } from '@internal/backstage-plugin-portal-node';
import { JOBS, JobRow, toJob } from './jobRow';

export type JobListQuery = {
  states?: ReconstitutionJobState[];
  environment?: string;
  receiverRef?: string;
  createdBy?: string;
  limit: number;
  cursor?: string;
};

type Cursor = { createdAt: number; id: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value?.createdAt === 'number' && typeof value?.id === 'string') {
      return value;
    }
  } catch {
    // reported below
  }
  throw new InputError('Invalid request: cursor: not a cursor of this list');
}

// The entity id list can be megabytes: not read for a list.
const LIST_COLUMNS = [
  'id',
  'environment',
  'source',
  'receiver_ref',
  'receiver_queue',
  'receiver_owner_ref',
  'producer_domain',
  'entity_type',
  'from_at',
  'to_at',
  'event_names',
  'entity_id_count',
  'rate_per_second',
  'state',
  'reason',
  'matched',
  'sent',
  'confirmed',
  'rate',
  'created_by',
  'created_at',
  'started_at',
  'finished_at',
];

/** One page of jobs, newest first, and the cursor of the next page. */
export async function listJobs(
  knex: Knex,
  query: JobListQuery,
): Promise<{ items: ReconstitutionJob[]; nextCursor?: string }> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows: JobRow[] = await knex<JobRow>(JOBS)
    .modify(b => {
      if (query.states?.length) b.whereIn('state', query.states);
      if (query.environment) b.where('environment', query.environment);
      if (query.receiverRef) b.where('receiver_ref', query.receiverRef);
      if (query.createdBy) b.where('created_by', query.createdBy);
      if (after) {
        b.whereRaw('(created_at, id) < (?, ?)', [
          new Date(after.createdAt),
          after.id,
        ]);
      }
    })
    .select(...LIST_COLUMNS)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await withWaitReasons(knex, page),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({
            createdAt: toDate(last.created_at).getTime(),
            id: last.id,
          })
        : undefined,
  };
}

/** Pending jobs say which job they wait for. */
export async function withWaitReasons(
  knex: Knex,
  rows: JobRow[],
): Promise<ReconstitutionJob[]> {
  const pending = rows.filter(r => r.state === 'pending');
  const running = pending.length
    ? await knex<JobRow>(JOBS)
        .where('state', 'running')
        .whereIn(
          'receiver_queue',
          [...new Set(pending.map(r => r.receiver_queue))].slice(0, 500),
        )
        .select('id', 'environment', 'receiver_queue')
    : [];
  return rows.map(row => {
    const job = toJob(row);
    if (row.state === 'pending') {
      const blocker = running.find(
        r =>
          r.environment === row.environment &&
          r.receiver_queue === row.receiver_queue,
      );
      job.reason = blocker
        ? `Waits for job ${blocker.id}, which is delivering to queue ${row.receiver_queue}`
        : 'Waits for a backend instance to start it';
    }
    return job;
  });
}
