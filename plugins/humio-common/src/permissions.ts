import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read an entity's logs from Humio. A resource permission on the catalog
 * entity, so that a policy can decide per entity (e.g. only its owners for
 * components whose logs hold personal data).
 */
export const humioLogsReadPermission = createPermission({
  name: 'humio.logs.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

export const humioPermissions = [humioLogsReadPermission];
