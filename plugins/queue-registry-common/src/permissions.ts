import { createPermission } from '@backstage/plugin-permission-common';

/** Register a queue to another component than the one that claimed it first. */
export const queueRegistryReassignPermission = createPermission({
  name: 'queue-registry.queue.reassign',
  attributes: { action: 'update' },
});

export const queueRegistryPermissions = [queueRegistryReassignPermission];
