import { useApi } from '@backstage/frontend-plugin-api';
import {
  plural,
  useConfirmedAction,
} from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef, ReplayJob } from '../../api';

/**
 * Cancelling a replay job, after confirmation. A refusal (403, or 409 when
 * the job ended meanwhile) shows in the dialog; `onChanged` runs either way,
 * since the job may have moved on.
 */
export function useCancelReplay(options: { onChanged?: () => void } = {}) {
  const api = useApi(deadLetterApiRef);
  return useConfirmedAction<ReplayJob>({
    act: job => api.cancelReplay(job.id),
    title: 'Cancel this replay?',
    describe: job => {
      const left = Math.max(0, job.total - job.sent);
      return (
        <>
          {left > 0
            ? `The ${plural(left, 'message')} not published yet ${
                left === 1 ? 'goes' : 'go'
              } back to unresolved and can be replayed again.`
            : 'Messages not published yet go back to unresolved and can be replayed again.'}{' '}
          Messages already published stay published.
        </>
      );
    },
    titleId: 'dead-letter-cancel-replay-title',
    errorTitle: 'Could not cancel the replay',
    labels: {
      confirm: 'Cancel replay',
      busy: 'Cancelling…',
      keep: 'Keep running',
    },
    onChanged: options.onChanged,
  });
}
