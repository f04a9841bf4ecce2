/*
 * A permission policy that allows everything, for the backends under test
 * (backend.ts of a bench): the portal's policy allows what the benches
 * read, and a request still asks the permission backend as for people.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

export const allowAllPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'bench-allow-all-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle() {
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});
