import {
  CheckState,
  Exemption,
} from '@internal/backstage-plugin-tech-insights-common';
import {
  DbTime,
  parseJson,
  toIso,
} from '@internal/backstage-plugin-portal-node';
import { RawState } from '../evaluation/levels';

/** Rows per insert: 500 × 9 columns stays under SQLite's 32,766 bound parameters. */
export const BATCH = 500;

export type StoredResult = {
  checkId: string;
  trackId: string;
  rawState: RawState;
  state: CheckState;
  reason?: string;
  facts: Record<string, unknown>;
  since: string;
};

export type EntityEvaluation = {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  ownerRef?: string;
  results: Array<Omit<StoredResult, 'since'>>;
  levels: Record<string, number>;
};

export type StoredEntity = {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  ownerRef?: string;
  evaluatedAt?: string;
};

export type StoredGroup = {
  groupRef: string;
  title: string;
  type: string;
  parentRef?: string;
};

export type AuditEntry = {
  at: string;
  actor: string;
  action: string;
  entityRef?: string;
  checkId?: string;
  details?: Record<string, unknown>;
};

export type EntityRow = {
  entity_ref: string;
  kind: string;
  type: string | null;
  title: string | null;
  owner_ref: string | null;
  evaluated_at: DbTime | null;
};

export type ResultRow = {
  entity_ref: string;
  check_id: string;
  track_id: string;
  raw_state: string;
  state: string;
  reason: string | null;
  facts: string;
  since: DbTime;
};

export type ExemptionRow = {
  id: string;
  entity_ref: string;
  check_id: string;
  justification: string;
  expires_at: DbTime;
  created_by: string;
  created_at: DbTime;
  revoked_by: string | null;
  revoked_at: DbTime | null;
};

export function entityFromRow(row: EntityRow): StoredEntity {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    ...(row.type ? { type: row.type } : {}),
    ...(row.title ? { title: row.title } : {}),
    ...(row.owner_ref ? { ownerRef: row.owner_ref } : {}),
    ...(row.evaluated_at ? { evaluatedAt: toIso(row.evaluated_at) } : {}),
  };
}

export function resultFromRow(row: ResultRow): StoredResult {
  return {
    checkId: row.check_id,
    trackId: row.track_id,
    rawState: row.raw_state as RawState,
    state: row.state as CheckState,
    ...(row.reason ? { reason: row.reason } : {}),
    facts: parseJson(row.facts, {}),
    since: toIso(row.since),
  };
}

export function exemptionFromRow(row: ExemptionRow): Exemption {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    justification: row.justification,
    expiresAt: toIso(row.expires_at),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(row.revoked_by ? { revokedBy: row.revoked_by } : {}),
    ...(row.revoked_at ? { revokedAt: toIso(row.revoked_at) } : {}),
  };
}
