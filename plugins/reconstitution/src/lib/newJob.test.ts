import { makeProducer } from '../testing/FakeReconstitutionApi';
import { MAX_ENTITY_IDS, parseEntityIds } from './entityIds';
import {
  type NewJobValues,
  chosenQueue,
  eventSelection,
  fieldsToFix,
  jobRequest,
  producerKey,
  validateNewJob,
} from './newJob';

function values(overrides: Partial<NewJobValues> = {}): NewJobValues {
  return {
    environment: 'dev',
    receiverRef: 'component:default/ledger',
    unknownReceiver: false,
    queue: 'ledger.events',
    producer: makeProducer(),
    producerMissing: false,
    from: undefined,
    to: undefined,
    entityIds: parseEntityIds(''),
    eventNames: [],
    rate: {},
    ...overrides,
  };
}

describe('validateNewJob', () => {
  it('finds nothing wrong with a complete form', () => {
    expect(validateNewJob(values())).toEqual({});
  });

  it('asks for every missing choice, in form order', () => {
    const errors = validateNewJob(
      values({
        environment: '',
        receiverRef: undefined,
        queue: '',
        producer: undefined,
      }),
    );
    expect(errors).toEqual({
      environment: 'Choose an environment',
      receiver: 'Choose the component to receive the events',
      producer: 'Choose the producer whose events to deliver',
    });
    expect(fieldsToFix(errors)).toBe('Environment, Receiver, Producer');
  });

  it('asks for the queue of a known receiver only', () => {
    expect(validateNewJob(values({ queue: '' })).queue).toBe(
      'Choose the queue to deliver to',
    );
    const unknown = validateNewJob(
      values({ queue: '', unknownReceiver: true }),
    );
    expect(unknown.queue).toBeUndefined();
    expect(unknown.receiver).toBe(
      'component:default/ledger is not a component that declares queues',
    );
  });

  it('says when the archive has no events of the chosen producer', () => {
    expect(
      validateNewJob(values({ producer: undefined, producerMissing: true }))
        .producer,
    ).toBe('The archive of dev has no events of this producer');
  });

  it('checks the time range, entity ids and rate', () => {
    const errors = validateNewJob(
      values({
        from: '2024-05-02T00:00:00.000Z',
        to: '2024-05-01T00:00:00.000Z',
        entityIds: parseEntityIds(
          Array.from({ length: MAX_ENTITY_IDS + 1 }, (_, i) => `e${i}`).join(
            ' ',
          ),
        ),
        rate: { error: 'Enter a whole number' },
      }),
    );
    expect(errors).toEqual({
      to: 'To must be after From',
      entityIds: 'At most 100,000 entity ids per job (this is 100,001)',
      rate: 'Enter a whole number',
    });
    expect(fieldsToFix(errors)).toBe('To, Entity IDs, Rate limit');
  });
});

describe('chosenQueue', () => {
  it("takes the choice, else the receiver's only queue", () => {
    expect(chosenQueue({ queues: ['a', 'b'] }, 'b')).toBe('b');
    expect(chosenQueue({ queues: ['a', 'b'] }, 'c')).toBe('');
    expect(chosenQueue({ queues: ['a'] }, '')).toBe('a');
    expect(chosenQueue(undefined, 'a')).toBe('');
  });
});

describe('producerKey', () => {
  it('tells producers apart by source, domain and entity type', () => {
    const archived = { source: 'archive', domain: 'd', entityType: 't' };
    expect(producerKey(archived)).toBe(producerKey({ ...archived }));
    expect(producerKey({ ...archived, source: 'other' })).not.toBe(
      producerKey(archived),
    );
    expect(producerKey({ ...archived, entityType: 'u' })).not.toBe(
      producerKey(archived),
    );
  });
});

describe('eventSelection and jobRequest', () => {
  it('send only what was given', () => {
    expect(eventSelection(values())).toEqual({
      environment: 'dev',
      domain: 'organisation',
      entityType: 'organisation-party',
    });
    expect(
      jobRequest(
        values({
          producer: makeProducer({ source: 'replica' }),
          from: '2024-05-01T00:00:00.000Z',
          entityIds: parseEntityIds('a b a'),
          eventNames: ['OrganisationPartyCreated'],
          rate: { rate: 250 },
        }),
      ),
    ).toEqual({
      environment: 'dev',
      domain: 'organisation',
      entityType: 'organisation-party',
      source: 'replica',
      from: '2024-05-01T00:00:00.000Z',
      entityIds: ['a', 'b'],
      eventNames: ['OrganisationPartyCreated'],
      receiver: {
        entityRef: 'component:default/ledger',
        queue: 'ledger.events',
      },
      ratePerSecond: 250,
    });
  });

  it('have nothing to send before the producer, receiver and queue are chosen', () => {
    expect(eventSelection(values({ producer: undefined }))).toBeUndefined();
    expect(jobRequest(values({ queue: '' }))).toBeUndefined();
    expect(jobRequest(values({ receiverRef: undefined }))).toBeUndefined();
  });
});
