import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Jobs are created and cancelled per receiver: the receiving component's
 * owners (and the platform team) decide. The resource is the receiver's
 * entity ref.
 */
export const RECONSTITUTION_RECEIVER_RESOURCE_TYPE = 'reconstitution-receiver';

/** See jobs, their progress, receivers and the archive's producers. */
export const reconstitutionJobReadPermission = createPermission({
  name: 'reconstitution.job.read',
  attributes: { action: 'read' },
});

/** Create (and dry-run) a job delivering events to a receiver. */
export const reconstitutionJobCreatePermission = createPermission({
  name: 'reconstitution.job.create',
  attributes: { action: 'create' },
  resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
});

/** Cancel a pending or running job of a receiver. */
export const reconstitutionJobCancelPermission = createPermission({
  name: 'reconstitution.job.cancel',
  attributes: { action: 'update' },
  resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
});

export const reconstitutionPermissions = [
  reconstitutionJobReadPermission,
  reconstitutionJobCreatePermission,
  reconstitutionJobCancelPermission,
];
