import type {
  Producer,
  ReconstitutionJob,
  ReconstitutionJobState,
} from '@internal/backstage-plugin-reconstitution-common';

/** Every job state, in the order they are offered as filters. */
export const JOB_STATES: ReconstitutionJobState[] = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
  'awaiting-approval',
  'refused',
  'expired',
];

/** `AWAITING APPROVAL` */
export function stateLabel(state: ReconstitutionJobState): string {
  return state.replace(/-/g, ' ').toUpperCase();
}

/** Whether the job may still deliver (and so is worth polling). */
export function isActiveJob(job: Pick<ReconstitutionJob, 'state'>): boolean {
  return job.state === 'pending' || job.state === 'running';
}

/** Whether the job may be cancelled (a job awaiting approval is withdrawn). */
export function isCancellable(job: Pick<ReconstitutionJob, 'state'>): boolean {
  return isActiveJob(job) || job.state === 'awaiting-approval';
}

/** `organisation [organisation-party]` */
export function producerLabel(producer: Producer): string {
  return `${producer.domain} [${producer.entityType}]`;
}

/** The event source, when it is not the default archive. */
export function nonDefaultSource(source: string | undefined) {
  return source && source !== 'archive' ? source : undefined;
}

/** Share of `part` in `total`, 0..100. */
export function percent(part: number, total: number): number {
  return total > 0 ? Math.min(100, Math.max(0, (part / total) * 100)) : 0;
}
