import type {
  DeadLetterMessage,
  ReplayJob,
} from '@internal/backstage-plugin-dead-letter-common';
import type {
  DeadLetterCount,
  DeadLetterEnvironment,
  FailureGroup,
} from '../src/api';
import {
  FakeDeadLetterApi,
  base64,
  makeGroup,
  makeMessage,
  makeReplayJob,
} from '../src/testing/FakeDeadLetterApi';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60 * 1000).toISOString();

/** JSON, text (a <script> body), binary, and a message in dev. */
function sampleMessages(): DeadLetterMessage[] {
  return [
    makeMessage({
      id: '6f1c1c2e-0000-4000-8000-000000000001',
      capturedAt: minutesAgo(3),
      exceptionType: 'System.TimeoutException',
      bodyBase64: base64(
        JSON.stringify({
          paymentId: 'p-981',
          amount: { value: '125.40', currency: 'EUR' },
          iban: 'NL91ABNA0417164300',
        }),
      ),
      headers: {
        'x-first-death-reason': 'rejected',
        'x-exception-type': 'System.TimeoutException',
        'x-death': [
          { queue: 'payments.incoming', reason: 'rejected', count: 3 },
        ],
      },
      properties: {
        messageId: 'msg-981',
        deliveryMode: 2,
        contentType: 'application/json',
      },
      deathHistory: [
        {
          queue: 'payments.incoming',
          reason: 'rejected',
          count: 3,
          time: minutesAgo(4),
          exchange: 'payments',
          routingKeys: ['payment.created'],
        },
      ],
    }),
    makeMessage({
      id: '6f1c1c2e-0000-4000-8000-000000000002',
      capturedAt: minutesAgo(30),
      bodyEncoding: 'text',
      contentType: 'text/plain',
      messageType: 'LegacyNotice',
      bodyBase64: base64('<script>alert("not run")</script> plain text body'),
      sourceQueue: 'notices.incoming',
      reason: 'expired',
      groupFingerprint: 'fp-notices-expired',
      componentRef: undefined,
      ownerRef: undefined,
      previousMessageId: '6f1c1c2e-0000-4000-8000-000000000001',
      replayCount: 1,
    }),
    makeMessage({
      id: '6f1c1c2e-0000-4000-8000-000000000003',
      capturedAt: minutesAgo(90),
      bodyEncoding: 'binary',
      contentType: 'application/octet-stream',
      contentEncoding: 'gzip',
      messageType: 'StatementArchive',
      bodyBase64: btoa(
        String.fromCharCode(
          ...Array.from({ length: 100 }, (_, i) => (i * 37) % 256),
        ),
      ),
      sourceQueue: 'statements.incoming',
      groupFingerprint: 'fp-statements-rejected',
      componentRef: 'component:default/statements-worker',
      ownerRef: 'group:default/squad-borealis',
    }),
    makeMessage({
      id: '6f1c1c2e-0000-4000-8000-000000000004',
      environment: 'dev',
      capturedAt: minutesAgo(10),
    }),
  ];
}

/** A finished replay with failures and a cancelled one. */
function sampleReplayJobs(): ReplayJob[] {
  return [
    makeReplayJob({
      id: 'sample-job-2',
      createdAt: minutesAgo(20),
      state: 'completed',
      total: 40,
      sent: 40,
      confirmed: 37,
      failed: 3,
      filter: {
        environment: 'prod',
        group: 'fp-payments-rejected',
      },
      ratePerSecond: 50,
      finishedAt: minutesAgo(19),
    }),
    makeReplayJob({
      id: 'sample-job-1',
      createdAt: minutesAgo(90),
      state: 'cancelled',
      total: 3,
      sent: 1,
      confirmed: 1,
      target: { kind: 'queue', queue: 'payments.parking' },
      reason: 'Cancelled by user:default/jane.doe',
      finishedAt: minutesAgo(89),
    }),
  ];
}

/** dev with its broker down, prod capturing. */
function sampleEnvironments(): DeadLetterEnvironment[] {
  return [
    {
      name: 'dev',
      connection: {
        environment: 'dev',
        state: 'disconnected',
        since: minutesAgo(45),
        lastError: 'connect ECONNREFUSED 127.0.0.1:5672',
      },
      queues: [
        {
          environment: 'dev',
          queue: 'payments.dlq',
          active: false,
          captured: 1,
          lastError: 'Connection closed',
        },
      ],
    },
    {
      name: 'prod',
      connection: {
        environment: 'prod',
        state: 'connected',
        since: minutesAgo(600),
      },
      queues: [
        {
          environment: 'prod',
          queue: 'payments.dlq',
          active: true,
          captured: 3,
          lastCapturedAt: minutesAgo(3),
        },
      ],
    },
  ];
}

/** The failure groups of the prod messages. */
function sampleGroups(): FailureGroup[] {
  return [
    makeGroup({ firstSeen: minutesAgo(3), lastSeen: minutesAgo(3) }),
    {
      fingerprint: 'fp-notices-expired',
      environment: 'prod',
      sourceQueue: 'notices.incoming',
      reason: 'expired',
      messageType: 'LegacyNotice',
      count: 1,
      firstSeen: minutesAgo(30),
      lastSeen: minutesAgo(30),
    },
  ];
}

/** Unresolved messages per environment and owner. */
function sampleCounts(): DeadLetterCount[] {
  return [
    {
      environment: 'prod',
      ownerRef: 'group:default/squad-aura',
      state: 'unresolved',
      count: 1,
    },
    {
      environment: 'prod',
      ownerRef: 'group:default/squad-borealis',
      state: 'unresolved',
      count: 1,
    },
    { environment: 'prod', state: 'unresolved', count: 1 },
    {
      environment: 'dev',
      ownerRef: 'group:default/squad-aura',
      state: 'unresolved',
      count: 1,
    },
  ];
}

/** A fake API with messages that show off every view. */
export function createSampleApi(): FakeDeadLetterApi {
  const api = new FakeDeadLetterApi({
    messages: sampleMessages(),
    replayJobs: sampleReplayJobs(),
    environments: sampleEnvironments(),
    groups: sampleGroups(),
    counts: sampleCounts(),
  });
  api.replayItems['sample-job-2'] = [
    {
      messageId: '6f1c1c2e-0000-4000-8000-000000000001',
      status: 'failed',
      error: 'unroutable: no queue is bound for payment.created',
    },
    {
      messageId: '6f1c1c2e-0000-4000-8000-000000000002',
      status: 'confirmed',
    },
  ];
  return api;
}
