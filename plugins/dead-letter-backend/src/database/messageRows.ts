import type {
  BodyEncoding,
  DeadLetterMessage,
  DeadLetterState,
  DeadLetterSummary,
  DeathRecord,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  DbTime,
  parseJson,
  toIso,
} from '@internal/backstage-plugin-portal-node';

/** A row of the messages table. */
export type MessageRow = {
  id: string;
  environment: string;
  dead_letter_queue: string;
  source_queue: string;
  reason: string;
  original_exchange: string;
  original_routing_keys: string;
  message_id: string | null;
  message_type: string | null;
  exception_type: string | null;
  content_type: string | null;
  content_encoding: string | null;
  body: Buffer;
  body_size: number;
  body_encoding: string;
  body_text: string | null;
  headers: string;
  properties: string;
  death_history: string;
  first_death_at: DbTime | null;
  last_death_at: DbTime | null;
  captured_at: DbTime;
  content_hash: string;
  group_fingerprint: string;
  state: string;
  state_changed_at: DbTime;
  component_ref: string | null;
  owner_ref: string | null;
  replay_count: number;
  replay_job_id: string | null;
  previous_message_id: string | null;
  resolved_at: DbTime | null;
};

export type InsertRow = Omit<MessageRow, 'captured_at'> & { captured_at: Date };

/** The columns of a listed message: no body or other large columns. */
export type SummaryRow = Omit<
  MessageRow,
  'body' | 'body_text' | 'headers' | 'properties' | 'death_history'
>;

export const SUMMARY_COLUMNS: ReadonlyArray<keyof SummaryRow> = [
  'id',
  'environment',
  'dead_letter_queue',
  'source_queue',
  'reason',
  'original_exchange',
  'original_routing_keys',
  'message_id',
  'message_type',
  'exception_type',
  'content_type',
  'content_encoding',
  'body_size',
  'body_encoding',
  'first_death_at',
  'last_death_at',
  'captured_at',
  'content_hash',
  'group_fingerprint',
  'state',
  'state_changed_at',
  'component_ref',
  'owner_ref',
  'replay_count',
  'replay_job_id',
  'previous_message_id',
  'resolved_at',
];

/** The columns of one message read with its body. */
export const MESSAGE_COLUMNS: ReadonlyArray<keyof MessageRow> = [
  ...SUMMARY_COLUMNS,
  'body',
  'headers',
  'properties',
  'death_history',
];

export function toSummary(row: SummaryRow): DeadLetterSummary {
  const summary: DeadLetterSummary = {
    id: String(row.id).toLowerCase(),
    environment: row.environment,
    deadLetterQueue: row.dead_letter_queue,
    sourceQueue: row.source_queue,
    reason: row.reason,
    originalExchange: row.original_exchange,
    originalRoutingKeys: parseJson<string[]>(row.original_routing_keys, []),
    bodySize: Number(row.body_size),
    bodyEncoding: row.body_encoding as BodyEncoding,
    groupFingerprint: row.group_fingerprint,
    state: row.state as DeadLetterState,
    capturedAt: toIso(row.captured_at),
    stateChangedAt: toIso(row.state_changed_at),
    replayCount: Number(row.replay_count),
  };
  if (row.message_id !== null) summary.messageId = row.message_id;
  if (row.message_type !== null) summary.messageType = row.message_type;
  if (row.exception_type !== null) summary.exceptionType = row.exception_type;
  if (row.content_type !== null) summary.contentType = row.content_type;
  if (row.component_ref !== null) summary.componentRef = row.component_ref;
  if (row.owner_ref !== null) summary.ownerRef = row.owner_ref;
  if (row.first_death_at !== null) {
    summary.firstDeathAt = toIso(row.first_death_at);
  }
  if (row.last_death_at !== null) {
    summary.lastDeathAt = toIso(row.last_death_at);
  }
  if (row.resolved_at !== null) summary.resolvedAt = toIso(row.resolved_at);
  if (row.previous_message_id !== null) {
    summary.previousMessageId = String(row.previous_message_id).toLowerCase();
  }
  return summary;
}

export function toMessage(
  row: Omit<MessageRow, 'body_text'>,
): DeadLetterMessage {
  const message: DeadLetterMessage = {
    ...toSummary(row),
    bodyBase64: Buffer.from(row.body ?? []).toString('base64'),
    headers: parseJson(row.headers, {}),
    properties: parseJson(row.properties, {}),
    deathHistory: parseJson<DeathRecord[]>(row.death_history, []),
  };
  if (row.content_encoding !== null) {
    message.contentEncoding = row.content_encoding;
  }
  if (row.replay_job_id !== null) {
    message.replayJobId = row.replay_job_id;
  }
  return message;
}
