import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogIngestionManagePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import {
  deadLetterDiscardPermission,
  deadLetterReadBodyPermission,
  deadLetterReplayTargetPermission,
  deadLetterReplayPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  createDeadLetterConditionalDecision,
  createDeadLetterQueueConditionalDecision,
  deadLetterConditions,
  deadLetterQueueConditions,
} from '@internal/backstage-plugin-dead-letter-backend';
import { queueRegistryReassignPermission } from '@internal/backstage-plugin-queue-registry-common';
import {
  reconstitutionJobCancelPermission,
  reconstitutionJobCreatePermission,
} from '@internal/backstage-plugin-reconstitution-common';
import {
  createReconstitutionConditionalDecision,
  reconstitutionConditions,
} from '@internal/backstage-plugin-reconstitution-backend';
import {
  scorecardExemptionCreatePermission,
  scorecardExemptionRevokePermission,
  scorecardRerunPermission,
  scorecardTracksManagePermission,
} from '@internal/backstage-plugin-tech-insights-common';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The portal's permission policy.
 *
 * Everyone signed in may read and use the portal. Changing what the catalog
 * holds about an entity (unregistering or refreshing it) is reserved for the
 * entity's owners and for the platform team named in `portal.platformTeam`.
 * Deleting a location can remove many entities at once, deleting a failed
 * entity hides its errors, so only the platform team may do those.
 * Managing ingestion (trigger, pause, reset) can stall a whole source: the
 * platform team and the groups in `portal.ingestionManagers` may.
 * Dead letters are replayed or discarded by the squads that own the queue
 * they died in, or by the platform team; in environments whose bodyAccess is
 * `owners` only they read the messages' bodies and headers. Reconstitution
 * jobs for a receiving component are created and cancelled by its owners or
 * the platform team.
 * A component's scorecard checks are re-run, and exemptions from them
 * granted, by its owners or the platform team; only the platform team
 * revokes exemptions and administers tracks.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config, options: { userInfo: UserInfoService }) {
    const groupRef = (name: string) =>
      stringifyEntityRef(parseEntityRef(name, { defaultKind: 'group' }));
    return new PortalPermissionPolicy(
      groupRef(config.getString('portal.platformTeam')),
      options.userInfo,
      (config.getOptionalStringArray('portal.ingestionManagers') ?? []).map(
        groupRef,
      ),
    );
  }

  constructor(
    private readonly platformTeamRef: string,
    private readonly userInfo: UserInfoService,
    /** Besides the platform team, these groups may manage ingestion. */
    private readonly ingestionManagerRefs: string[] = [],
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const changesEntity =
      isPermission(permission, catalogEntityDeletePermission) ||
      isPermission(permission, catalogEntityRefreshPermission) ||
      isPermission(permission, scorecardRerunPermission) ||
      isPermission(permission, scorecardExemptionCreatePermission);
    const managesIngestion = isPermission(
      permission,
      catalogIngestionManagePermission,
    );
    const platformTeamOnly =
      isPermission(permission, catalogLocationDeletePermission) ||
      isPermission(permission, unprocessedEntitiesDeletePermission) ||
      isPermission(permission, scorecardExemptionRevokePermission) ||
      isPermission(permission, scorecardTracksManagePermission) ||
      isPermission(permission, queueRegistryReassignPermission);
    // Reading bodies is asked only where an environment restricts it.
    const handlesDeadLetters =
      isPermission(permission, deadLetterReplayPermission) ||
      isPermission(permission, deadLetterDiscardPermission) ||
      isPermission(permission, deadLetterReadBodyPermission);
    const targetsQueue = isPermission(
      permission,
      deadLetterReplayTargetPermission,
    );
    const runsReconstitution =
      isPermission(permission, reconstitutionJobCreatePermission) ||
      isPermission(permission, reconstitutionJobCancelPermission);
    if (
      !changesEntity &&
      !platformTeamOnly &&
      !handlesDeadLetters &&
      !targetsQueue &&
      !runsReconstitution &&
      !managesIngestion
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    // Only signed-in people change the catalog this way; backend services
    // are allowed by the permission client before a policy is consulted.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }

    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (ownershipEntityRefs.includes(this.platformTeamRef)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (managesIngestion) {
      return this.ingestionManagerRefs.some(ref =>
        ownershipEntityRefs.includes(ref),
      )
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }

    // Replays publish only into queues registered to the actor's squads.
    if (targetsQueue) {
      return createDeadLetterQueueConditionalDecision(
        permission,
        deadLetterQueueConditions.isQueueOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (handlesDeadLetters) {
      return createDeadLetterConditionalDecision(
        permission,
        deadLetterConditions.isDeadLetterOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (runsReconstitution) {
      return createReconstitutionConditionalDecision(
        permission,
        reconstitutionConditions.isReceiverOwner({
          claims: ownershipEntityRefs,
        }),
      );
    }
    if (!changesEntity) {
      return { result: AuthorizeResult.DENY };
    }

    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
    );
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        policy.setPolicy(
          PortalPermissionPolicy.fromConfig(config, { userInfo }),
        );
      },
    });
  },
});
