import { useApi } from '@backstage/frontend-plugin-api';
import { plural, useDecision } from '@internal/backstage-plugin-portal-react';
import { reconstitutionApiRef, ReconstitutionJob } from '../../api';
import { MAX_REASON_LENGTH } from '../../lib/approvals';
import { producerLabel } from '../../lib/jobs';

/**
 * Approving (after confirmation) or refusing (with a reason) a job awaiting
 * approval. The backend decides who may; its refusal (403 for the requester
 * or a non-owner, 409 when someone decided first or it expired) shows in the
 * dialog. `onDecided` gets the job as it now is; `onChanged` runs after any
 * attempt, since the job may have moved on either way.
 */
export function useDecideJob(
  options: {
    onDecided?: (job: ReconstitutionJob) => void;
    onChanged?: () => void;
  } = {},
) {
  const api = useApi(reconstitutionApiRef);
  return useDecision<ReconstitutionJob>({
    ...options,
    decide: (kind, job, reason) =>
      kind === 'approve'
        ? api.approveJob(job.id)
        : api.refuseJob(job.id, reason),
    describe: (job, approving) => (
      <>
        {plural(job.progress.matched, 'event')} of {producerLabel(job.producer)}{' '}
        to {job.receiver.queue} in {job.environment}, asked by {job.createdBy}.{' '}
        {approving
          ? 'Once approved it starts when a backend instance takes it.'
          : 'A refused job never runs; the requester is told why.'}
      </>
    ),
    noun: 'job',
    idPrefix: 'reconstitution',
    maxReasonLength: MAX_REASON_LENGTH,
    confirmLabels: { approve: 'Approve job', refuse: 'Refuse job' },
  });
}
