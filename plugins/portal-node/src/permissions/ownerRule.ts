import {
  createPermissionRule,
  PermissionResourceRef,
} from '@backstage/plugin-permission-node';
import { z } from 'zod/v3';

/** A resource a permission rule decides by its owner's entity ref. */
export type OwnedResource = { ownerRef?: string };

/** What an owner condition becomes for a store's query: these owners. */
export type OwnerFilter = { ownerRefs: string[] };

// Entity refs compare case-insensitively in Backstage.
const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * A permission rule allowing resources owned by one of the given entity
 * refs (`claims`, e.g. the user's ownership claims). A resource without an
 * owner matches no claim; the query form is the lower-cased claims.
 */
export function createOwnerPermissionRule<
  TRef extends PermissionResourceRef<OwnedResource, OwnerFilter, string>,
>(options: { name: string; description: string; resourceRef: TRef }) {
  return createPermissionRule({
    ...options,
    paramsSchema: z.object({
      claims: z
        .array(z.string())
        .describe('Entity refs of the owners, e.g. the user ownership claims'),
    }),
    apply: (resource: OwnedResource, { claims }) =>
      resource.ownerRef !== undefined &&
      claims.map(lower).includes(lower(resource.ownerRef)),
    toQuery: ({ claims }) => ({ ownerRefs: claims.map(lower) }),
  });
}
