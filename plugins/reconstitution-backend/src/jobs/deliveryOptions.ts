import {
  AmqpPublishMessage,
  REPUBLISHED_PROPERTIES,
  republishOptions,
} from '@internal/amqp-node';
import {
  RECONSTITUTED_HEADER,
  RECONSTITUTION_JOB_HEADER,
} from '@internal/backstage-plugin-reconstitution-common';
import type { SourcedEvent } from '@internal/backstage-plugin-reconstitution-node';

type PublishOptions = NonNullable<AmqpPublishMessage['options']>;

/**
 * A reconstituted event must not expire in the receiver's queue, and every
 * message is published persistent: neither expiration nor deliveryMode is
 * carried over.
 */
const EVENT_PROPERTIES = REPUBLISHED_PROPERTIES.filter(
  key => key !== 'expiration' && key !== 'deliveryMode',
);

/**
 * The event as its producer sent it (same message id, headers and
 * properties), marked as reconstituted by this job.
 */
export function deliveryOptions(
  event: Pick<SourcedEvent, 'headers' | 'properties' | 'messageId'>,
  jobId: string,
): PublishOptions {
  return {
    ...republishOptions(event, {
      headers: {
        [RECONSTITUTED_HEADER]: true,
        [RECONSTITUTION_JOB_HEADER]: jobId,
      },
      properties: EVENT_PROPERTIES,
    }),
    messageId: event.messageId,
  };
}
