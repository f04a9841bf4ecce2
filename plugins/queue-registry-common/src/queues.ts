/**
 * Catalog annotation on a Component listing the RabbitMQ queues it consumes
 * from, comma-separated. The catalog's queue registry records the first
 * component to claim each queue as its owner; dead letters and reconstitution
 * receivers are mapped to owners through the registry, never the annotation.
 */
export const RABBITMQ_QUEUES_ANNOTATION = 'meridian.bank/rabbitmq-queues';

// AMQP queue names are short strings of up to 255 bytes; we additionally keep
// them free of whitespace and commas so the annotation stays unambiguous.
const QUEUE_NAME = /^[A-Za-z0-9._:\-/]{1,255}$/;

/** Splits the annotation's value into queue names and the names that are not valid. */
export function parseQueueAnnotation(value: string): {
  queues: string[];
  invalid: string[];
} {
  const names = value
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);
  return {
    queues: names.filter(name => QUEUE_NAME.test(name)),
    invalid: names.filter(name => !QUEUE_NAME.test(name)),
  };
}
