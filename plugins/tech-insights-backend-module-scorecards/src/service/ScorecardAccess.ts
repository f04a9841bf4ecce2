import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { scorecardReadPermission } from '@internal/backstage-plugin-tech-insights-common';
import type { Request } from 'express';

/** Who did it, as the audit trail names them. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? `${principal.type}:${principal.subject}`;
}

/**
 * Who may do what. Reads accept users and services; changes (`users:
 * true`, and every per-component change) only users: every change is
 * made, and audited, by a person, and a service token (which any backend
 * plugin holds) never borrows the platform team's rights whatever the
 * policy answers for services.
 */
export class ScorecardAccess {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
    },
  ) {}

  async authorize(
    req: Request,
    permission: BasicPermission,
    message: string,
    only: { users?: boolean } = {},
  ): Promise<BackstageCredentials> {
    const { httpAuth, permissions } = this.deps;
    const credentials = only.users
      ? await httpAuth.credentials(req, { allow: ['user'] })
      : await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(message);
    }
    return credentials;
  }

  /** A change to one component: its owners and the platform team may. */
  async authorizeFor(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    message: string,
  ): Promise<BackstageCredentials> {
    const { httpAuth, permissions } = this.deps;
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(message);
    }
    return credentials;
  }

  async authorizeRead(req: Request): Promise<void> {
    await this.authorize(
      req,
      scorecardReadPermission,
      'You may not read scorecards',
    );
  }
}
