import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/** See tracks, levels, check results, roll-ups, history and exemptions. */
export const scorecardReadPermission = createPermission({
  name: 'tech-insights.scorecard.read',
  attributes: { action: 'read' },
});

/**
 * Re-run a component's checks now: its facts are fetched again at their
 * sources. Decided per component (its owners).
 */
export const scorecardRerunPermission = createPermission({
  name: 'tech-insights.scorecard.rerun',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Exempt a component from a check. Decided per component (its owners). */
export const scorecardExemptionCreatePermission = createPermission({
  name: 'tech-insights.exemption.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Revoke anyone's exemption. */
export const scorecardExemptionRevokePermission = createPermission({
  name: 'tech-insights.exemption.revoke',
  attributes: { action: 'delete' },
});

/** Administer tracks: evaluate every component now. */
export const scorecardTracksManagePermission = createPermission({
  name: 'tech-insights.tracks.manage',
  attributes: { action: 'update' },
});

export const scorecardPermissions = [
  scorecardReadPermission,
  scorecardRerunPermission,
  scorecardExemptionCreatePermission,
  scorecardExemptionRevokePermission,
  scorecardTracksManagePermission,
];
