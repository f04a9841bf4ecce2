import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { reconstitutionJobCreatePermission } from '@internal/backstage-plugin-reconstitution-common';
import { fromDateTimeLocal } from '@internal/backstage-plugin-portal-react';
import type { ArchivedProducer, ReconstitutionReceiver } from '../api';
import { reconstitutionApiRef } from '../api';
import { parseEntityIds } from '../lib/entityIds';
import {
  type NewJobField,
  type NewJobValues,
  chosenQueue,
  eventSelection,
  jobRequest,
  producerKey,
  validateNewJob,
} from '../lib/newJob';
import { parseRate } from '../lib/rate';
import { useProducers } from './useProducers';

/**
 * The "Add job" form's fields, what they add up to (the events selected, the
 * job to create) and what is wrong with them. `receiver` and `environment`
 * preselect.
 */
export function useNewJobForm(initial: {
  receiver?: string;
  environment?: string;
}) {
  const api = useApi(reconstitutionApiRef);
  const archive = useAsyncRetry(() => api.getArchiveStatus(), [api]);
  const receivers = useAsyncRetry(() => api.listReceivers(), [api]);

  const [environmentChoice, setEnvironment] = useState(
    initial.environment ?? '',
  );
  const [receiverRef, setReceiverRef] = useState<string | undefined>(
    initial.receiver || undefined,
  );
  const [queueChoice, setQueue] = useState('');
  const [producerChoice, setProducer] = useState<string>();
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [entityIdsText, setEntityIdsText] = useState('');
  const [eventNames, setEventNames] = useState<string[]>([]);
  const [rateText, setRateText] = useState('');
  const [attempted, setAttempted] = useState(false);

  // The environment: as chosen, else the first the archive knows.
  const environments = (archive.value ?? []).map(a => a.environment);
  const environment = environmentChoice || environments[0] || '';
  const archiveStatus = archive.value?.find(a => a.environment === environment);
  const { producers, refresh: refreshProducers } = useProducers(environment);

  const receiver: ReconstitutionReceiver | undefined = receiverRef
    ? receivers.value?.find(r => r.entityRef === receiverRef) ?? {
        entityRef: receiverRef,
        queues: [],
      }
    : undefined;
  const producer = producers.value?.find(
    p => producerKey(p) === producerChoice,
  );
  const entityIds = useMemo(
    () => parseEntityIds(entityIdsText),
    [entityIdsText],
  );
  const values: NewJobValues = {
    environment,
    receiverRef,
    unknownReceiver:
      Boolean(receiverRef) &&
      receivers.value !== undefined &&
      !receivers.value.some(r => r.entityRef === receiverRef),
    queue: chosenQueue(receiver, queueChoice),
    producer,
    producerMissing:
      producerChoice !== undefined &&
      producers.value !== undefined &&
      !producer,
    from: fromDateTimeLocal(fromText),
    to: fromDateTimeLocal(toText),
    entityIds,
    eventNames,
    rate: parseRate(rateText),
  };
  const errors = validateNewJob(values);

  const canCreate = usePermission({
    permission: reconstitutionJobCreatePermission,
    resourceRef: receiverRef,
  });

  return {
    archive,
    receivers,
    producers,
    refreshProducers,
    environments,
    archiveStatus,
    receiver,
    values,
    text: {
      from: fromText,
      to: toText,
      entityIds: entityIdsText,
      rate: rateText,
    },
    errors,
    valid: Object.keys(errors).length === 0,
    attempted,
    /** Missing choices only count as errors once the user tried to go on. */
    shown: (field: NewJobField, always = false) =>
      attempted || always ? errors[field] : undefined,
    canCreate,
    // A failed check is no refusal: the backend decides then.
    denied:
      Boolean(receiverRef) &&
      !canCreate.loading &&
      !canCreate.allowed &&
      !canCreate.error,
    selection: eventSelection(values),
    jobRequest: jobRequest(values),
    // Any change to the form makes an earlier dry run stale.
    formKey: JSON.stringify([
      environment,
      receiverRef,
      values.queue,
      producerChoice,
      fromText,
      toText,
      entityIdsText,
      eventNames,
      rateText,
    ]),
    markAttempted: () => setAttempted(true),
    setEnvironment,
    setReceiver: (ref: string | undefined) => {
      setReceiverRef(ref);
      setQueue('');
    },
    setQueue,
    setProducer: (next: ArchivedProducer | null) => {
      setProducer(next ? producerKey(next) : undefined);
      setEventNames(names =>
        next ? names.filter(n => next.eventNames.includes(n)) : [],
      );
    },
    setFromText,
    setToText,
    setEntityIdsText,
    setEventNames,
    setRateText,
  };
}

/** The state of the "Add job" form, as its sections read and change it. */
export type NewJobFormState = ReturnType<typeof useNewJobForm>;
