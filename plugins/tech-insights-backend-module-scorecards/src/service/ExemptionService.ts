import { InputError, NotFoundError } from '@backstage/errors';
import {
  Exemption,
  scorecardExemptionCreatePermission,
  scorecardExemptionRevokePermission,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import type { Request } from 'express';
import { ScorecardEvaluator } from '../evaluation/ScorecardEvaluator';
import { AuditEntry } from '../store/rows';
import { ScorecardStore } from '../store/ScorecardStore';
import { actorOf, ScorecardAccess } from './ScorecardAccess';

/** Longest an exemption may last. */
const MAX_EXEMPTION_DAYS = 366;

/**
 * Exemptions from checks: a component's owners (and the platform team)
 * exempt it from one known check for a limited time, with a justification;
 * only the platform team revokes. Every change is audited and the
 * component re-evaluated at once.
 */
export class ExemptionService {
  readonly #checkIds: Set<string>;

  constructor(
    private readonly deps: {
      tracks: ScorecardTrack[];
      store: ScorecardStore;
      evaluator: ScorecardEvaluator;
      access: ScorecardAccess;
    },
  ) {
    this.#checkIds = new Set(
      deps.tracks.flatMap(t => t.levels.flatMap(l => l.checks.map(c => c.id))),
    );
  }

  /** Of one entity, or all; newest first. */
  list(entityRef: string | undefined): Promise<Exemption[]> {
    return this.deps.store.exemptions(entityRef ? [entityRef] : undefined);
  }

  auditTrail(entityRef: string | undefined): Promise<AuditEntry[]> {
    return this.deps.store.auditTrail(entityRef);
  }

  async create(
    req: Request,
    request: {
      entityRef: string;
      checkId: string;
      justification: string;
      expiresAt: string;
    },
  ): Promise<Exemption> {
    const { store, evaluator, access } = this.deps;
    if (!this.#checkIds.has(request.checkId)) {
      throw new InputError(
        `Invalid request: checkId: unknown check '${request.checkId}'`,
      );
    }
    const now = new Date();
    const expiresAt = new Date(request.expiresAt);
    if (expiresAt <= now) {
      throw new InputError('Invalid request: expiresAt: must be in the future');
    }
    if (expiresAt.getTime() - now.getTime() > MAX_EXEMPTION_DAYS * 86_400_000) {
      throw new InputError(
        `Invalid request: expiresAt: at most ${MAX_EXEMPTION_DAYS} days ahead`,
      );
    }
    const credentials = await access.authorizeFor(
      req,
      scorecardExemptionCreatePermission,
      request.entityRef,
      `Only the owners of ${request.entityRef} and the platform team may exempt it from a check`,
    );
    const actor = actorOf(credentials);
    const exemption = await store.createExemption({
      entityRef: request.entityRef,
      checkId: request.checkId,
      justification: request.justification,
      expiresAt,
      createdBy: actor,
      now,
    });
    await store.audit({
      at: now.toISOString(),
      actor,
      action: 'exemption.create',
      entityRef: request.entityRef,
      checkId: request.checkId,
      details: {
        exemptionId: exemption.id,
        justification: request.justification,
        expiresAt: exemption.expiresAt,
      },
    });
    await evaluator.evaluateOne(request.entityRef);
    return exemption;
  }

  async revoke(req: Request, id: string): Promise<Exemption | undefined> {
    const { store, evaluator, access } = this.deps;
    const credentials = await access.authorize(
      req,
      scorecardExemptionRevokePermission,
      'Only the platform team may revoke exemptions',
      { users: true },
    );
    const existing = await store.exemption(id);
    if (!existing) throw new NotFoundError(`No exemption with id ${id}`);
    const now = new Date();
    const actor = actorOf(credentials);
    const exemption = await store.revokeExemption(id, actor, now);
    await store.audit({
      at: now.toISOString(),
      actor,
      action: 'exemption.revoke',
      entityRef: existing.entityRef,
      checkId: existing.checkId,
      details: { exemptionId: id },
    });
    await evaluator.evaluateOne(existing.entityRef);
    return exemption;
  }
}
