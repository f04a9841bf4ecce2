import { isResourcePermission } from '@backstage/plugin-permission-common';
import { humioLogsReadPermission, humioPermissions } from './permissions';

describe('permissions', () => {
  it('reads logs per catalog entity', () => {
    expect(humioLogsReadPermission).toEqual({
      type: 'resource',
      name: 'humio.logs.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    expect(
      isResourcePermission(humioLogsReadPermission, 'catalog-entity'),
    ).toBe(true);
    expect(humioPermissions).toEqual([humioLogsReadPermission]);
  });
});
