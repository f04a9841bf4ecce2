import {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  reconstitutionJobReadPermission,
  RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
  ReconstitutionReceiver,
} from '@internal/backstage-plugin-reconstitution-common';
import type { Request } from 'express';
import { reconstitutionRules } from '../permissions';

const isAllowedBy = createConditionAuthorizer(
  Object.values(reconstitutionRules),
);

/**
 * Who may do what. Reading (the archive, producers, receivers, jobs) is one
 * permission; creating and cancelling jobs are decided per receiver: its
 * owners may, and whoever the policy allows beyond them.
 */
export class ReconstitutionAccess {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
    },
  ) {}

  /** Anyone authenticated, user or service. */
  async credentials(req: Request): Promise<BackstageCredentials> {
    return this.deps.httpAuth.credentials(req);
  }

  /** Changes are made, and audited, by a person: services are refused. */
  async userCredentials(
    req: Request,
  ): Promise<BackstageCredentials<BackstageUserPrincipal>> {
    return this.deps.httpAuth.credentials(req, { allow: ['user'] });
  }

  async authorizeRead(req: Request) {
    const credentials = await this.deps.httpAuth.credentials(req);
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: reconstitutionJobReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read reconstitution data');
    }
  }

  /** The caller (a user) when they may act on the receiver's jobs. */
  async authorizeForReceiver(
    req: Request,
    permission: ResourcePermission<
      typeof RECONSTITUTION_RECEIVER_RESOURCE_TYPE
    >,
    receiver: Pick<ReconstitutionReceiver, 'entityRef' | 'ownerRef'>,
    verb: string,
  ): Promise<string> {
    const credentials = await this.userCredentials(req);
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!isAllowedBy(decision, receiver)) {
      throw new NotAllowedError(
        `Only the owners of ${receiver.entityRef} (${
          receiver.ownerRef ?? 'no owner in the catalog'
        }) and the platform team may ${verb} its reconstitution jobs`,
      );
    }
    return credentials.principal.userEntityRef;
  }
}
