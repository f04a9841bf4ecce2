import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { RECONSTITUTION_RECEIVER_RESOURCE_TYPE } from '@internal/backstage-plugin-reconstitution-common';
import { z } from 'zod/v3';

/** What permission rules see of a receiver. */
export type ReceiverResource = { entityRef: string; ownerRef?: string };

export const reconstitutionReceiverResourceRef = createPermissionResourceRef<
  ReceiverResource,
  { ownerRefs: string[] }
>().with({
  pluginId: 'reconstitution',
  resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
});

/** Allows the action for receivers owned by one of the given entities. */
export const isReceiverOwner = createPermissionRule({
  name: 'IS_RECEIVER_OWNER',
  description:
    'Allow jobs for receiving components owned by one of the given entities',
  resourceRef: reconstitutionReceiverResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the owners, e.g. the user ownership claims'),
  }),
  apply: (resource, { claims }) =>
    resource.ownerRef !== undefined &&
    claims
      .map(c => c.toLocaleLowerCase('en-US'))
      .includes(resource.ownerRef.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }) => ({
    ownerRefs: claims.map(c => c.toLocaleLowerCase('en-US')),
  }),
});

export const reconstitutionRules = { isReceiverOwner };

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: reconstitutionReceiverResourceRef,
  rules: reconstitutionRules,
});

/** Conditions for permission policies on reconstitution jobs. */
export const reconstitutionConditions = conditions;
/** Builds a conditional decision on a reconstitution permission. */
export const createReconstitutionConditionalDecision =
  createConditionalDecision;
