import type {
  ArchivedProducer,
  EventSelection,
  ReconstitutionJobRequest,
  ReconstitutionReceiver,
} from '@internal/backstage-plugin-reconstitution-common';
import { formatNumber } from '@internal/backstage-plugin-portal-react';
import { MAX_ENTITY_IDS, type ParsedEntityIds } from './entityIds';
import { nonDefaultSource } from './jobs';

/** The labels of the "Add job" form's fields, for "Fix first: …". */
export const FIELD_LABELS = {
  environment: 'Environment',
  receiver: 'Receiver',
  queue: 'Queue',
  producer: 'Producer',
  to: 'To',
  entityIds: 'Entity IDs',
  rate: 'Rate limit',
};

export type NewJobField = keyof typeof FIELD_LABELS;

/** What is wrong with each field, if anything. */
export type NewJobErrors = Partial<Record<NewJobField, string>>;

/** Which archived producer: its source, domain and entity type. */
export function producerKey(
  p: Pick<ArchivedProducer, 'source' | 'domain' | 'entityType'>,
): string {
  return JSON.stringify([p.source ?? 'archive', p.domain, p.entityType]);
}

/** The queue: as chosen, else the receiver's only one, else none (`''`). */
export function chosenQueue(
  receiver: Pick<ReconstitutionReceiver, 'queues'> | undefined,
  choice: string,
): string {
  if (receiver?.queues.includes(choice)) {
    return choice;
  }
  if (receiver?.queues.length === 1) {
    return receiver.queues[0];
  }
  return '';
}

/** The form's values, as read from its fields. */
export interface NewJobValues {
  environment: string;
  receiverRef: string | undefined;
  /** The receiver is not among the components that declare queues. */
  unknownReceiver: boolean;
  queue: string;
  producer: ArchivedProducer | undefined;
  /** A producer was chosen that the environment's archive does not have. */
  producerMissing: boolean;
  /** ISO times, when given. */
  from: string | undefined;
  to: string | undefined;
  entityIds: ParsedEntityIds;
  eventNames: string[];
  rate: { rate?: number; error?: string };
}

/** What is wrong with the form, field by field; empty when it is valid. */
export function validateNewJob(values: NewJobValues): NewJobErrors {
  const { environment, receiverRef, unknownReceiver, from, to } = values;
  const errors: NewJobErrors = {};
  if (!environment) errors.environment = 'Choose an environment';
  if (!receiverRef)
    errors.receiver = 'Choose the component to receive the events';
  else if (unknownReceiver)
    errors.receiver = `${receiverRef} is not a component that declares queues`;
  if (receiverRef && !unknownReceiver && !values.queue)
    errors.queue = 'Choose the queue to deliver to';
  if (!values.producer)
    errors.producer = values.producerMissing
      ? `The archive of ${environment} has no events of this producer`
      : 'Choose the producer whose events to deliver';
  if (from && to && new Date(to) <= new Date(from))
    errors.to = 'To must be after From';
  if (values.entityIds.tooMany)
    errors.entityIds = `At most ${formatNumber(
      MAX_ENTITY_IDS,
    )} entity ids per job (this is ${formatNumber(
      values.entityIds.ids.length,
    )})`;
  if (values.rate.error) errors.rate = values.rate.error;
  return errors;
}

/** `Receiver, Producer`: the labels of the fields to fix, in form order. */
export function fieldsToFix(errors: NewJobErrors): string {
  return (Object.keys(errors) as NewJobField[])
    .map(key => FIELD_LABELS[key])
    .join(', ');
}

/** The events the form selects, once a producer is chosen. */
export function eventSelection(
  values: NewJobValues,
): EventSelection | undefined {
  const { producer, from, to, entityIds, eventNames } = values;
  if (!producer) {
    return undefined;
  }
  return {
    environment: values.environment,
    domain: producer.domain,
    entityType: producer.entityType,
    ...(nonDefaultSource(producer.source) ? { source: producer.source } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(entityIds.ids.length ? { entityIds: entityIds.ids } : {}),
    ...(eventNames.length ? { eventNames } : {}),
  };
}

/** The job to create, once the events, receiver and queue are chosen. */
export function jobRequest(
  values: NewJobValues,
): ReconstitutionJobRequest | undefined {
  const selection = eventSelection(values);
  const { receiverRef, queue, rate } = values;
  if (!selection || !receiverRef || !queue) {
    return undefined;
  }
  return {
    ...selection,
    receiver: { entityRef: receiverRef, queue },
    ...(rate.rate !== undefined ? { ratePerSecond: rate.rate } : {}),
  };
}
