import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  createOwnerPermissionRule,
  OwnedResource,
  OwnerFilter,
} from './ownerRule';

describe('createOwnerPermissionRule', () => {
  const resourceRef = createPermissionResourceRef<
    OwnedResource & { id: string },
    OwnerFilter
  >().with({ pluginId: 'example', resourceType: 'example-thing' });
  const rule = createOwnerPermissionRule({
    name: 'IS_THING_OWNER',
    description: 'Allow things owned by one of the given entities',
    resourceRef,
  });
  const claims = ['Group:Default/Squad-A', 'user:default/ann'];

  it('allows resources of a claimed owner, case-insensitively', () => {
    expect(rule.name).toBe('IS_THING_OWNER');
    expect(rule.resourceType).toBe('example-thing');
    expect(
      rule.apply({ id: '1', ownerRef: 'group:default/squad-a' }, { claims }),
    ).toBe(true);
    expect(
      rule.apply({ id: '2', ownerRef: 'GROUP:default/squad-b' }, { claims }),
    ).toBe(false);
    expect(rule.apply({ id: '3' }, { claims })).toBe(false);
  });

  it('queries the lower-cased claims', () => {
    expect(rule.toQuery({ claims })).toEqual({
      ownerRefs: ['group:default/squad-a', 'user:default/ann'],
    });
  });
});
