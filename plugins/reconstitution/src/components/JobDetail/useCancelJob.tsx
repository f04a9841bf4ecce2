import { useApi } from '@backstage/frontend-plugin-api';
import {
  formatNumber,
  useConfirmedAction,
} from '@internal/backstage-plugin-portal-react';
import { reconstitutionApiRef, ReconstitutionJob } from '../../api';

/**
 * Cancelling a job, after confirmation. A refusal (403, or 409 when the job
 * ended meanwhile) shows in the dialog; `onChanged` runs either way, since
 * the job may have moved on.
 */
export function useCancelJob(options: { onChanged?: () => void } = {}) {
  const api = useApi(reconstitutionApiRef);
  return useConfirmedAction<ReconstitutionJob>({
    act: job => api.cancelJob(job.id),
    title: 'Cancel this job?',
    describe: job => (
      <>
        No further events are sent to {job.receiver.queue}.{' '}
        {job.progress.sent > 0
          ? `The ${formatNumber(
              job.progress.sent,
            )} events already sent stay delivered.`
          : 'Nothing has been sent yet.'}
      </>
    ),
    titleId: 'reconstitution-cancel-title',
    errorTitle: 'Could not cancel the job',
    labels: {
      confirm: 'Cancel job',
      busy: 'Cancelling…',
      keep: 'Keep running',
      progress: 'Cancelling',
    },
    onChanged: options.onChanged,
  });
}
