import type {
  DeadLetterApproval,
  DeadLetterMessage,
  DeadLetterSummary,
  ReplayJob,
} from '@internal/backstage-plugin-dead-letter-common';
import type { AuditEntry, DeadLetterEnvironment, FailureGroup } from '../api';

/** Base64 of a UTF-8 string. */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  bytes.forEach(byte => {
    binary += String.fromCharCode(byte);
  });
  return btoa(binary);
}

/** The `n`-th of a series of message ids (`n` from 0 to 9). */
export const uuid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

/** A message with sensible defaults. */
export function makeMessage(
  overrides: Partial<DeadLetterMessage> & { id: string },
): DeadLetterMessage {
  const body = overrides.bodyBase64 ?? base64('{"orderId":"o-1","amount":10}');
  return {
    environment: 'prod',
    deadLetterQueue: 'payments.dlq',
    sourceQueue: 'payments.incoming',
    reason: 'rejected',
    originalExchange: 'payments',
    originalRoutingKeys: ['payment.created'],
    messageType: 'PaymentCreated',
    contentType: 'application/json',
    bodySize: atob(body).length,
    bodyEncoding: 'json',
    componentRef: 'component:default/payments-api',
    ownerRef: 'group:default/squad-aura',
    groupFingerprint: 'fp-payments-rejected',
    state: 'unresolved',
    capturedAt: new Date(Date.now() - 5 * 60 * 1000).toISOString(),
    replayCount: 0,
    headers: {},
    properties: {},
    deathHistory: [],
    ...overrides,
    bodyBase64: body,
  };
}

export { backendError } from '@internal/backstage-plugin-portal-react/testing';

/** A failure group with sensible defaults: `payments.incoming · rejected`. */
export function makeGroup(overrides: Partial<FailureGroup> = {}): FailureGroup {
  return {
    fingerprint: 'fp-payments-rejected',
    environment: 'prod',
    sourceQueue: 'payments.incoming',
    reason: 'rejected',
    messageType: 'PaymentCreated',
    exceptionType: 'System.TimeoutException',
    componentRef: 'component:default/payments-api',
    ownerRef: 'group:default/squad-aura',
    count: 1,
    firstSeen: '2024-05-01T08:00:00.000Z',
    lastSeen: '2024-05-01T09:00:00.000Z',
    ...overrides,
  };
}

/** An audit entry with sensible defaults. */
export function makeAuditEntry(
  overrides: Partial<AuditEntry> & { id: string },
): AuditEntry {
  return {
    at: '2024-05-01T10:00:00.000Z',
    actor: 'user:default/jane.doe',
    action: 'discard',
    environment: 'prod',
    selection: { ids: [] },
    requested: 1,
    affected: 1,
    outcome: 'succeeded',
    ...overrides,
  };
}

/** A replay job with sensible defaults. */
export function makeReplayJob(
  overrides: Partial<ReplayJob> & { id: string },
): ReplayJob {
  return {
    environment: 'prod',
    createdBy: 'user:default/jane.doe',
    createdAt: '2024-05-01T10:00:00.000Z',
    target: { kind: 'original' },
    state: 'running',
    total: 10,
    sent: 0,
    confirmed: 0,
    failed: 0,
    ...overrides,
  };
}

/** A replay request awaiting approval, with sensible defaults. */
export function makeApproval(
  overrides: Partial<DeadLetterApproval> & { id: string },
): DeadLetterApproval {
  return {
    action: 'replay',
    environment: 'prod',
    state: 'awaiting-approval',
    requestedBy: 'user:default/jane.doe',
    requestedAt: '2024-05-01T10:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    messageCount: 150,
    ownerRefs: ['group:default/squad-aura'],
    target: { kind: 'original' },
    canDecide: true,
    ...overrides,
  };
}

/** The list view of a message (no body, headers or history). */
export function summaryOf(message: DeadLetterMessage): DeadLetterSummary {
  const {
    bodyBase64: _body,
    contentEncoding: _encoding,
    replayJobId: _job,
    headers: _headers,
    properties: _properties,
    deathHistory: _history,
    ...summary
  } = message;
  return summary;
}

/** Two connected environments, dev and prod. */
export function defaultEnvironments(): DeadLetterEnvironment[] {
  return ['dev', 'prod'].map(name => ({
    name,
    connection: {
      environment: name,
      state: 'connected',
      since: '2024-05-01T08:00:00.000Z',
    },
    queues: [],
  }));
}
