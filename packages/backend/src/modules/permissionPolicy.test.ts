import {
  scorecardExemptionCreatePermission,
  scorecardExemptionRevokePermission,
  scorecardReadPermission,
  scorecardRerunPermission,
  scorecardTracksManagePermission,
} from '@internal/backstage-plugin-tech-insights-common';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  unprocessedEntitiesDeletePermission,
  unprocessedEntitiesReadPermission,
} from '@backstage/plugin-catalog-unprocessed-entities-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deadLetterDiscardPermission,
  deadLetterReadBodyPermission,
  deadLetterReadPermission,
  deadLetterReplayPermission,
  deadLetterReplayTargetPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import { queueRegistryReassignPermission } from '@internal/backstage-plugin-queue-registry-common';
import {
  reconstitutionJobCancelPermission,
  reconstitutionJobCreatePermission,
  reconstitutionJobReadPermission,
} from '@internal/backstage-plugin-reconstitution-common';
import { PortalPermissionPolicy } from './permissionPolicy';

const config = mockServices.rootConfig({
  data: { portal: { platformTeam: 'squad-atlas' } },
});

function policyFor(ownershipEntityRefs: string[]) {
  return PortalPermissionPolicy.fromConfig(config, {
    userInfo: mockServices.userInfo({
      userEntityRef: 'user:default/ana.silva',
      ownershipEntityRefs,
    }),
  });
}

const squadMember = {
  credentials: mockCredentials.user('user:default/ana.silva'),
  info: {
    userEntityRef: 'user:default/ana.silva',
    ownershipEntityRefs: ['user:default/ana.silva', 'group:default/squad-aura'],
  },
};

describe('PortalPermissionPolicy', () => {
  const memberRefs = ['user:default/ana.silva', 'group:default/squad-aura'];
  const platformRefs = [
    'user:default/marta.kowalska',
    'group:default/squad-atlas',
  ];

  it('lets everyone read the catalog and register locations', async () => {
    const policy = policyFor(memberRefs);
    for (const permission of [
      catalogEntityReadPermission,
      catalogLocationCreatePermission,
      unprocessedEntitiesReadPermission,
      deadLetterReadPermission,
      reconstitutionJobReadPermission,
      catalogIngestionReadPermission,
      scorecardReadPermission,
    ]) {
      await expect(policy.handle({ permission }, squadMember)).resolves.toEqual(
        { result: AuthorizeResult.ALLOW },
      );
    }
  });

  it.each([
    ['unregister', catalogEntityDeletePermission],
    ['refresh', catalogEntityRefreshPermission],
    ['re-run the scorecard checks of', scorecardRerunPermission],
    ['grant an exemption to', scorecardExemptionCreatePermission],
  ])('lets only owners %s an entity', async (_, permission) => {
    const decision = await policyFor(memberRefs).handle(
      { permission },
      squadMember,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: memberRefs },
      },
    });
  });

  it.each([
    ['replay', deadLetterReplayPermission],
    ['discard', deadLetterDiscardPermission],
    ['read the bodies of', deadLetterReadBodyPermission],
  ])('lets squads %s only their own dead letters', async (_, permission) => {
    await expect(
      policyFor(memberRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'dead-letter',
      resourceType: 'dead-letter-message',
      conditions: {
        rule: 'IS_DEAD_LETTER_OWNER',
        resourceType: 'dead-letter-message',
        params: { claims: memberRefs },
      },
    });
    await expect(
      policyFor(platformRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets squads replay only into queues registered to their components', async () => {
    const permission = deadLetterReplayTargetPermission;
    await expect(
      policyFor(memberRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'dead-letter',
      resourceType: 'dead-letter-queue',
      conditions: {
        rule: 'IS_QUEUE_OWNER',
        resourceType: 'dead-letter-queue',
        params: { claims: memberRefs },
      },
    });
    // The platform team replays into any queue, registered or not.
    await expect(
      policyFor(platformRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policyFor(platformRefs).handle({ permission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it.each([
    ['create', reconstitutionJobCreatePermission],
    ['cancel', reconstitutionJobCancelPermission],
  ])(
    'lets squads %s reconstitution jobs only for their receivers',
    async (_, permission) => {
      await expect(
        policyFor(memberRefs).handle({ permission }, squadMember),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'reconstitution',
        resourceType: 'reconstitution-receiver',
        conditions: {
          rule: 'IS_RECEIVER_OWNER',
          resourceType: 'reconstitution-receiver',
          params: { claims: memberRefs },
        },
      });
      await expect(
        policyFor(platformRefs).handle({ permission }, squadMember),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        policyFor(memberRefs).handle({ permission }),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    },
  );

  it('lets the platform team unregister and refresh any entity', async () => {
    const policy = policyFor(platformRefs);
    for (const permission of [
      catalogEntityDeletePermission,
      catalogEntityRefreshPermission,
      catalogLocationDeletePermission,
    ]) {
      await expect(policy.handle({ permission }, squadMember)).resolves.toEqual(
        { result: AuthorizeResult.ALLOW },
      );
    }
  });

  it('accepts the platform team as a full entity ref in config', async () => {
    const policy = PortalPermissionPolicy.fromConfig(
      mockServices.rootConfig({
        data: { portal: { platformTeam: 'group:default/squad-atlas' } },
      }),
      {
        userInfo: mockServices.userInfo({ ownershipEntityRefs: platformRefs }),
      },
    );
    await expect(
      policy.handle(
        { permission: catalogLocationDeletePermission },
        squadMember,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each([
    ['deleting a location', catalogLocationDeletePermission],
    ['deleting a failed entity', unprocessedEntitiesDeletePermission],
    ['revoking a scorecard exemption', scorecardExemptionRevokePermission],
    ['evaluating every scorecard', scorecardTracksManagePermission],
    ['reassigning a queue', queueRegistryReassignPermission],
  ])('keeps %s to the platform team', async (_, permission) => {
    await expect(
      policyFor(memberRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policyFor(platformRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('keeps managing ingestion to the platform team and ingestion managers', async () => {
    const permission = catalogIngestionManagePermission;
    await expect(
      policyFor(memberRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policyFor(platformRefs).handle({ permission }, squadMember),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    const withManagers = PortalPermissionPolicy.fromConfig(
      mockServices.rootConfig({
        data: {
          portal: {
            platformTeam: 'squad-atlas',
            ingestionManagers: ['squad-aura'],
          },
        },
      }),
      {
        userInfo: mockServices.userInfo({ ownershipEntityRefs: memberRefs }),
      },
    );
    await expect(
      withManagers.handle({ permission }, squadMember),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    // Managing ingestion gives nothing else.
    await expect(
      withManagers.handle(
        { permission: catalogLocationDeletePermission },
        squadMember,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies guarded actions without a signed-in user', async () => {
    await expect(
      policyFor(platformRefs).handle({
        permission: catalogEntityDeletePermission,
      }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('fails to start without a platform team in config', () => {
    expect(() =>
      PortalPermissionPolicy.fromConfig(mockServices.rootConfig({ data: {} }), {
        userInfo: mockServices.userInfo(),
      }),
    ).toThrow(/portal\.platformTeam/);
  });
});
