import { createPermission } from '@backstage/plugin-permission-common';

/** Jobs are decided per job (the receiving component's owner). */
export const RECONSTITUTION_JOB_RESOURCE_TYPE = 'reconstitution-job';

/** See jobs, their progress and the archive's producers. */
export const reconstitutionJobReadPermission = createPermission({
  name: 'reconstitution.job.read',
  attributes: { action: 'read' },
  resourceType: RECONSTITUTION_JOB_RESOURCE_TYPE,
});

/** Create (and dry-run) a job delivering events to a receiver. */
export const reconstitutionJobCreatePermission = createPermission({
  name: 'reconstitution.job.create',
  attributes: { action: 'create' },
});

/** Cancel a pending or running job. */
export const reconstitutionJobCancelPermission = createPermission({
  name: 'reconstitution.job.cancel',
  attributes: { action: 'update' },
  resourceType: RECONSTITUTION_JOB_RESOURCE_TYPE,
});

export const reconstitutionPermissions = [
  reconstitutionJobReadPermission,
  reconstitutionJobCreatePermission,
  reconstitutionJobCancelPermission,
];
