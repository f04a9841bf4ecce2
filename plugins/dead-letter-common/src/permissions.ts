import { createPermission } from '@backstage/plugin-permission-common';

/** Permissions on dead-lettered messages are decided per message (its owner). */
export const DEAD_LETTER_MESSAGE_RESOURCE_TYPE = 'dead-letter-message';

/** See dead letters, their content and the audit log. */
export const deadLetterReadPermission = createPermission({
  name: 'dead-letter.message.read',
  attributes: { action: 'read' },
  resourceType: DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
});

/** Publish dead letters again. */
export const deadLetterReplayPermission = createPermission({
  name: 'dead-letter.message.replay',
  attributes: { action: 'update' },
  resourceType: DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
});

/** Discard (archive) dead letters, and restore discarded ones. */
export const deadLetterDiscardPermission = createPermission({
  name: 'dead-letter.message.discard',
  attributes: { action: 'delete' },
  resourceType: DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
});

/**
 * Read a dead letter's body, headers and properties. Asked only in
 * environments whose `bodyAccess` is `owners`; elsewhere `read` covers it.
 */
export const deadLetterReadBodyPermission = createPermission({
  name: 'dead-letter.message.read.body',
  attributes: { action: 'read' },
  resourceType: DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
});

/** Replay destinations are decided per queue (its registered owner). */
export const DEAD_LETTER_QUEUE_RESOURCE_TYPE = 'dead-letter-queue';

/** Replay messages into a queue (a `queue` target, or the queue they died in). */
export const deadLetterReplayTargetPermission = createPermission({
  name: 'dead-letter.replay.target',
  attributes: { action: 'update' },
  resourceType: DEAD_LETTER_QUEUE_RESOURCE_TYPE,
});

export const deadLetterPermissions = [
  deadLetterReadPermission,
  deadLetterReadBodyPermission,
  deadLetterReplayPermission,
  deadLetterDiscardPermission,
];
