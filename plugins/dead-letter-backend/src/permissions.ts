import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { DEAD_LETTER_MESSAGE_RESOURCE_TYPE } from '@internal/backstage-plugin-dead-letter-common';
import { z } from 'zod/v3';
import { DeadLetterResource } from './database/DeadLetterStore';

/** Filter that a permission condition turns into: messages of these owners. */
export type DeadLetterOwnerFilter = { ownerRefs: string[] };

export const deadLetterMessageResourceRef = createPermissionResourceRef<
  DeadLetterResource,
  DeadLetterOwnerFilter
>().with({
  pluginId: 'dead-letter',
  resourceType: DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
});

/** Allows the action on messages owned by one of the given entity refs. */
export const isDeadLetterOwner = createPermissionRule({
  name: 'IS_DEAD_LETTER_OWNER',
  description:
    'Allow dead letters whose source queue belongs to a component owned by one of the given entities',
  resourceRef: deadLetterMessageResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the owners, e.g. the user ownership claims'),
  }),
  apply: (resource, { claims }) =>
    resource.ownerRef !== undefined &&
    claims.map(c => c.toLocaleLowerCase('en-US')).includes(resource.ownerRef),
  toQuery: ({ claims }) => ({
    ownerRefs: claims.map(c => c.toLocaleLowerCase('en-US')),
  }),
});

export const deadLetterRules = { isDeadLetterOwner };

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: deadLetterMessageResourceRef,
  rules: deadLetterRules,
});

/** Conditions for permission policies on dead letters. */
export const deadLetterConditions = conditions;
/** Builds a conditional decision on a dead-letter permission. */
export const createDeadLetterConditionalDecision = createConditionalDecision;
