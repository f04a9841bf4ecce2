import {
  createConditionExports,
  createPermissionResourceRef,
} from '@backstage/plugin-permission-node';
import {
  createOwnerPermissionRule,
  OwnerFilter,
} from '@internal/backstage-plugin-portal-node';
import { RECONSTITUTION_RECEIVER_RESOURCE_TYPE } from '@internal/backstage-plugin-reconstitution-common';

/** What permission rules see of a receiver. */
export type ReceiverResource = { entityRef: string; ownerRef?: string };

export const reconstitutionReceiverResourceRef = createPermissionResourceRef<
  ReceiverResource,
  OwnerFilter
>().with({
  pluginId: 'reconstitution',
  resourceType: RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
});

/** Allows the action for receivers owned by one of the given entities. */
export const isReceiverOwner = createOwnerPermissionRule({
  name: 'IS_RECEIVER_OWNER',
  description:
    'Allow jobs for receiving components owned by one of the given entities',
  resourceRef: reconstitutionReceiverResourceRef,
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
