import type { AmqpPublishMessage } from '../ConfirmPublisher';
import { PUBLISH_ID_HEADER } from '../ConfirmPublisher';
import { fromJsonSafe } from './jsonSafe';

type PublishOptions = NonNullable<AmqpPublishMessage['options']>;

/**
 * AMQP properties a stored message can be published again with. user-id is
 * left out: the broker checks it against the publishing connection.
 *
 * @public
 */
export const REPUBLISHED_PROPERTIES = [
  'contentType',
  'contentEncoding',
  'deliveryMode',
  'priority',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'timestamp',
  'type',
  'appId',
  'clusterId',
] as const;

/** @public */
export type RepublishedProperty = (typeof REPUBLISHED_PROPERTIES)[number];

/**
 * Headers never carried over: the broker's dead-lettering record (it would
 * describe a death the new message did not have) and the publisher's own
 * correlation id.
 */
function isBrokerHeader(key: string): boolean {
  const lower = key.toLowerCase();
  return (
    lower === 'x-death' ||
    lower.startsWith('x-first-death-') ||
    lower.startsWith('x-last-death-') ||
    lower === PUBLISH_ID_HEADER
  );
}

/**
 * Publish options sending a stored message (headers and properties as
 * `toJsonSafe` stored them) again as its producer sent it: its headers
 * without the broker's, then `headers`, and the given `properties` (all of
 * `REPUBLISHED_PROPERTIES` by default) that it has.
 *
 * @public
 */
export function republishOptions(
  stored: {
    headers: Record<string, unknown>;
    properties: Record<string, unknown>;
  },
  options: {
    headers: Record<string, unknown>;
    properties?: readonly RepublishedProperty[];
  },
): PublishOptions {
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored.headers)) {
    if (!isBrokerHeader(key)) {
      headers[key] = fromJsonSafe(value);
    }
  }
  Object.assign(headers, options.headers);
  const publish: Record<string, unknown> = { headers };
  for (const key of options.properties ?? REPUBLISHED_PROPERTIES) {
    const value = stored.properties[key];
    if (value !== undefined && value !== null) {
      publish[key] = fromJsonSafe(value);
    }
  }
  return publish as PublishOptions;
}
