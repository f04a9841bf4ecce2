import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { DeadLetterActions } from '../services/DeadLetterActions';
import { DeadLetterReader } from '../services/DeadLetterReader';
import { ReplayTargets } from '../services/ReplayTargets';

/** What every route group maps requests to. */
export type RouteContext = {
  httpAuth: HttpAuthService;
  reader: DeadLetterReader;
  actions: DeadLetterActions;
  replayTargets: ReplayTargets;
  /** A 400 for an environment the backend does not know. */
  checkEnvironment: (environment: string | undefined, field?: string) => void;
};

export function environmentChecker(
  environments: string[],
): RouteContext['checkEnvironment'] {
  return (environment, field = 'environment') => {
    if (environment !== undefined && !environments.includes(environment)) {
      throw new InputError(
        `Invalid request: ${field}: unknown environment '${environment}' (known: ${
          environments.join(', ') || 'none'
        })`,
      );
    }
  };
}
