import { AmqpPublishMessage, PUBLISH_ID_HEADER } from '@internal/amqp-node';
import {
  RECONSTITUTED_HEADER,
  RECONSTITUTION_JOB_HEADER,
} from '@internal/backstage-plugin-reconstitution-common';
import type { SourcedEvent } from '@internal/backstage-plugin-reconstitution-node';

type PublishOptions = NonNullable<AmqpPublishMessage['options']>;

/** AMQP properties an event keeps (user-id is left out: the broker checks it). */
const PROPERTY_KEYS = [
  'contentType',
  'contentEncoding',
  'priority',
  'correlationId',
  'replyTo',
  'messageId',
  'timestamp',
  'type',
  'appId',
  'clusterId',
] as const;

/** Undoes the `$binary` encoding of stored header values. */
function fromJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonSafe);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record.$binary === 'string') {
      return Buffer.from(record.$binary, 'base64');
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = fromJsonSafe(record[key]);
    return out;
  }
  return value;
}

/**
 * The event as its producer sent it (same message id, headers and
 * properties), marked as reconstituted by this job.
 */
export function deliveryOptions(
  event: Pick<SourcedEvent, 'headers' | 'properties' | 'messageId'>,
  jobId: string,
): PublishOptions {
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.headers)) {
    const lower = key.toLowerCase();
    if (
      lower === 'x-death' ||
      lower.startsWith('x-first-death-') ||
      lower.startsWith('x-last-death-') ||
      lower === PUBLISH_ID_HEADER
    ) {
      continue;
    }
    headers[key] = fromJsonSafe(value);
  }
  headers[RECONSTITUTED_HEADER] = true;
  headers[RECONSTITUTION_JOB_HEADER] = jobId;
  const options: Record<string, unknown> = { headers };
  for (const key of PROPERTY_KEYS) {
    const value = event.properties[key];
    if (value !== undefined && value !== null) {
      options[key] = fromJsonSafe(value);
    }
  }
  options.messageId = event.messageId;
  return options as PublishOptions;
}
