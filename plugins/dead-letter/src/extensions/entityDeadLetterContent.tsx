import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';

/** Components that declare the RabbitMQ queues they consume from. */
export function hasRabbitMqQueues(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'component' &&
    Boolean(entity.metadata.annotations?.[RABBITMQ_QUEUES_ANNOTATION]?.trim())
  );
}

/**
 * `entity-content:dead-letter`: the "Dead letter" tab of components with the
 * `meridian.bank/rabbitmq-queues` annotation.
 */
export const entityDeadLetterContent = EntityContentBlueprint.make({
  params: {
    path: 'dead-letter',
    title: 'Dead letter',
    filter: hasRabbitMqQueues,
    loader: () =>
      import('../components/EntityDeadLetterContent').then(m => (
        <m.EntityDeadLetterContent />
      )),
  },
});
