import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import { deadLetterApiRef, ReplayTargetsResponse } from '../api';

/**
 * Where the user may replay in an environment, as the backend decides it
 * (`dead-letter.replay.target`). Nothing is asked without an environment.
 */
export function useReplayTargets(environment: string | undefined): {
  targets?: ReplayTargetsResponse;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(deadLetterApiRef);
  const { value, loading, error } = useAsync(
    async () =>
      environment === undefined ? undefined : api.getReplayTargets(environment),
    [api, environment],
  );
  return { targets: value, loading, error };
}
