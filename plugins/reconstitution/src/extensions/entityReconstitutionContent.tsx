import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';

/** Components that declare the RabbitMQ queues they consume from. */
export function isReconstitutionReceiver(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'component' &&
    Boolean(entity.metadata.annotations?.[RABBITMQ_QUEUES_ANNOTATION]?.trim())
  );
}

/**
 * `entity-content:reconstitution`: the "Reconstitution" tab of components
 * that declare queues (annotation `meridian.bank/rabbitmq-queues`).
 */
export const entityReconstitutionContent = EntityContentBlueprint.make({
  params: {
    path: 'reconstitution',
    title: 'Reconstitution',
    filter: isReconstitutionReceiver,
    loader: () =>
      import('../components/EntityReconstitutionContent').then(m => (
        <m.EntityReconstitutionContent />
      )),
  },
});
