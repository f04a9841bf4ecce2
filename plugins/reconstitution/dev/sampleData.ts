import {
  FakeReconstitutionApi,
  makeArchiveStatus,
  makeAuditEntry,
  makeJob,
  makeProducer,
  makeReceiver,
  makeSamples,
} from '../src/testing/FakeReconstitutionApi';

const minutesAgo = (n: number) =>
  new Date(Date.now() - n * 60_000).toISOString();

/** An in-memory API with a few receivers, producers and jobs. */
export function createSampleApi(): FakeReconstitutionApi {
  const api = new FakeReconstitutionApi({
    archive: [
      makeArchiveStatus({
        environment: 'dev',
        archived: 1_254_332,
        lastArchivedAt: minutesAgo(1),
      }),
      makeArchiveStatus({
        environment: 'prod',
        active: false,
        archived: 0,
        lastError: 'ECONNREFUSED rabbitmq.prod:5672',
      }),
    ],
    receivers: [
      makeReceiver({
        entityRef: 'component:default/payments-read-model',
        title: 'Payments read model',
        system: 'payments',
        queues: ['payments-read-model.events', 'payments-read-model.replay'],
      }),
      makeReceiver({
        entityRef: 'component:default/party-search',
        title: 'Party search',
        ownerRef: 'group:default/squad-parties',
      }),
    ],
    producers: [
      makeProducer(),
      makeProducer({
        domain: 'payments',
        entityType: 'payment',
        eventNames: ['PaymentInitiated', 'PaymentSettled', 'PaymentRejected'],
        events: 812_004,
      }),
    ],
    dryRunResult: {
      total: 20_000,
      byEventName: [
        { eventName: 'OrganisationPartyCreated', count: 12_000 },
        { eventName: 'OrganisationPartyUpdated', count: 8_000 },
      ],
      sample: Array.from({ length: 10 }, (_, i) => ({
        environment: 'dev',
        domain: 'organisation',
        entityType: 'organisation-party',
        messageId: `msg-${i}`,
        entityId: `party-${1000 + i}`,
        eventName:
          i % 3 === 0 ? 'OrganisationPartyUpdated' : 'OrganisationPartyCreated',
        occurredAt: minutesAgo(60 * 24 * (30 - i)),
        exchange: 'integration-events',
        routingKey: 'organisation.organisation-party',
      })),
    },
    jobs: [
      makeJob({
        id: 'j3',
        state: 'running',
        createdAt: minutesAgo(5),
        startedAt: minutesAgo(4),
        ratePerSecond: 500,
        progress: {
          matched: 20_000,
          sent: 12_400,
          confirmed: 12_345,
          ratePerSecond: 498.7,
          etaSeconds: 152,
        },
      }),
      makeJob({
        id: 'j2',
        state: 'pending',
        reason:
          'Waiting for job j3 on queue payments-read-model.events to finish',
        createdAt: minutesAgo(3),
      }),
      makeJob({
        id: 'j1',
        state: 'failed',
        reason: 'Channel closed by the broker: NOT_FOUND - no queue',
        environment: 'prod',
        createdAt: minutesAgo(60 * 26),
        finishedAt: minutesAgo(60 * 25),
        entityIdCount: 3,
        eventNames: ['OrganisationPartyCreated'],
        progress: { matched: 300, sent: 120, confirmed: 100 },
      }),
    ],
  });
  api.details.j3 = {
    progressSamples: makeSamples(5, 3000, minutesAgo(4)),
    audit: [
      makeAuditEntry({ jobId: 'j3', action: 'create', at: minutesAgo(5) }),
      makeAuditEntry({ jobId: 'j3', action: 'start', at: minutesAgo(4) }),
    ],
  };
  api.details.j1 = {
    entityIds: ['party-1', 'party-2', '<script>alert(1)</script>'],
  };
  return api;
}
