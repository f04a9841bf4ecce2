import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import { deadLetterApiRef, DeadLetterQueueConflict } from '../api';

/** Rejected claims on queues registered to another component. */
export function useQueueConflicts(): {
  conflicts: DeadLetterQueueConflict[];
  error?: Error;
} {
  const api = useApi(deadLetterApiRef);
  const { value, error } = useAsync(() => api.getQueueConflicts(), [api]);
  return { conflicts: value ?? [], error };
}
