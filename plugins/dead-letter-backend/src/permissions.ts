import {
  createConditionExports,
  createPermissionResourceRef,
} from '@backstage/plugin-permission-node';
import {
  DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
  DEAD_LETTER_QUEUE_RESOURCE_TYPE,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  createOwnerPermissionRule,
  OwnerFilter,
} from '@internal/backstage-plugin-portal-node';
import type { DeadLetterResource } from './database';

/** Filter that a permission condition turns into: messages of these owners. */
export type DeadLetterOwnerFilter = OwnerFilter;

export const deadLetterMessageResourceRef = createPermissionResourceRef<
  DeadLetterResource,
  DeadLetterOwnerFilter
>().with({
  pluginId: 'dead-letter',
  resourceType: DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
});

/** Allows the action on messages owned by one of the given entity refs. */
export const isDeadLetterOwner = createOwnerPermissionRule({
  name: 'IS_DEAD_LETTER_OWNER',
  description:
    'Allow dead letters whose source queue belongs to a component owned by one of the given entities',
  resourceRef: deadLetterMessageResourceRef,
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

/** A replay destination: a queue and the owner the queue registry gives it. */
export type DeadLetterQueueResource = { queue: string; ownerRef?: string };

export const deadLetterQueueResourceRef = createPermissionResourceRef<
  DeadLetterQueueResource,
  DeadLetterOwnerFilter
>().with({
  pluginId: 'dead-letter',
  resourceType: DEAD_LETTER_QUEUE_RESOURCE_TYPE,
});

/** Allows queues registered to a component owned by one of the given refs. */
export const isQueueOwner = createOwnerPermissionRule({
  name: 'IS_QUEUE_OWNER',
  description:
    'Allow queues registered (in the queue registry) to a component owned by one of the given entities',
  resourceRef: deadLetterQueueResourceRef,
});

export const deadLetterQueueRules = { isQueueOwner };

const queueExports = createConditionExports({
  resourceRef: deadLetterQueueResourceRef,
  rules: deadLetterQueueRules,
});

/** Conditions for permission policies on replay destinations. */
export const deadLetterQueueConditions = queueExports.conditions;
/** Builds a conditional decision on the replay destination permission. */
export const createDeadLetterQueueConditionalDecision =
  queueExports.createConditionalDecision;
