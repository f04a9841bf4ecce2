import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  CheckResult,
  EntityScorecard,
  Exemption,
  GroupTrend,
  scorecardExemptionCreatePermission,
  scorecardExemptionRevokePermission,
  scorecardReadPermission,
  scorecardRerunPermission,
  scorecardTracksManagePermission,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import { parseRequest } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FactRefresher } from '../evaluation/FactRefresher';
import {
  effectiveState,
  isExemptionActive,
  levelOf,
} from '../evaluation/levels';
import {
  buildMatrix,
  ORGANISATION_KEY,
  trendPoints,
} from '../evaluation/rollups';
import { ScorecardEvaluator } from '../evaluation/ScorecardEvaluator';
import { ScorecardStore } from '../store/ScorecardStore';
import { exportCsv, groupScorecard } from './reports';

/** Longest an exemption may last. */
const MAX_EXEMPTION_DAYS = 366;

/** Postgres text cannot hold NUL: refused here, not a 500 from the query. */
const withoutNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain NUL characters';

const nameSchema = z
  .string()
  .min(1)
  .max(253)
  .refine(withoutNul, NUL_MESSAGE)
  .refine(s => !/[:/]/.test(s), 'must not contain ":" or "/"');

const entityParams = z.object({
  namespace: nameSchema,
  kind: nameSchema,
  name: nameSchema,
});

const groupParams = z.object({ namespace: nameSchema, name: nameSchema });

const entityRefSchema = z
  .string()
  .trim()
  .regex(/^[^:/\s]+:[^:/\s]+\/[^:/\s]+$/, 'must be kind:namespace/name')
  .refine(withoutNul, NUL_MESSAGE)
  .transform(ref => ref.toLocaleLowerCase('en-US'));

const groupRefSchema = z
  .string()
  .trim()
  .regex(/^group:[^:/\s]+\/[^:/\s]+$/, 'must be group:namespace/name')
  .refine(withoutNul, NUL_MESSAGE)
  .transform(ref => ref.toLocaleLowerCase('en-US'));

const trendsQuery = z
  .object({
    group: groupRefSchema.optional(),
    track: z.string().min(1).refine(withoutNul, NUL_MESSAGE),
    days: z.coerce.number().int().min(1).max(400).default(90),
  })
  .strict();

const exportQuery = z.object({ group: groupRefSchema.optional() }).strict();

const exemptionsQuery = z
  .object({ entityRef: entityRefSchema.optional() })
  .strict();

const exemptionBody = z
  .object({
    entityRef: entityRefSchema,
    checkId: z.string().min(1).refine(withoutNul, NUL_MESSAGE),
    justification: z
      .string()
      .trim()
      .min(10, 'give a justification of at least 10 characters')
      .max(2000)
      .refine(withoutNul, NUL_MESSAGE),
    expiresAt: z.string().datetime({ offset: true }),
  })
  .strict();

function refOfParams(params: z.infer<typeof entityParams>): string {
  return stringifyEntityRef(params).toLocaleLowerCase('en-US');
}

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? `${principal.type}:${principal.subject}`;
}

/**
 * The scorecards API, mounted on the tech-insights plugin's router under
 * /scorecards. Reads come from precomputed results; writes check
 * permissions per component.
 */
export async function createScorecardsRouter(options: {
  tracks: ScorecardTrack[];
  store: ScorecardStore;
  evaluator: ScorecardEvaluator;
  refresher: FactRefresher;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}): Promise<express.Router> {
  const { tracks, store, evaluator, refresher, httpAuth, permissions } =
    options;
  const checkIds = new Set(
    tracks.flatMap(t => t.levels.flatMap(l => l.checks.map(c => c.id))),
  );
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  /**
   * Reads accept users and services; changes (`users: true`) only users:
   * every change is made, and audited, by a person, and a service token
   * (which any backend plugin holds) never borrows the platform team's
   * rights whatever the policy answers for services.
   */
  async function authorize(
    req: express.Request,
    permission: BasicPermission,
    message: string,
    only: { users?: boolean } = {},
  ): Promise<BackstageCredentials> {
    const credentials = only.users
      ? await httpAuth.credentials(req, { allow: ['user'] })
      : await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(message);
    }
    return credentials;
  }

  async function authorizeFor(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    message: string,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(message);
    }
    return credentials;
  }

  const read = (req: express.Request) =>
    authorize(req, scorecardReadPermission, 'You may not read scorecards');

  /** The entity's scorecard, exemptions applied as of now. */
  async function scorecardOf(
    entityRef: string,
  ): Promise<EntityScorecard | undefined> {
    const [stored, exemptions] = await Promise.all([
      store.entity(entityRef),
      store.exemptions([entityRef]),
    ]);
    if (!stored) return undefined;
    const now = new Date();
    const active = new Map<string, Exemption>();
    for (const exemption of exemptions) {
      if (isExemptionActive(exemption, now)) {
        active.set(exemption.checkId, exemption);
      }
    }
    const byCheck = new Map(stored.results.map(r => [r.checkId, r]));
    const trackResults = tracks
      .filter(track => stored.levels[track.id] !== undefined)
      .map(track => {
        const checks: CheckResult[] = [];
        const states = new Map<string, CheckResult['state']>();
        for (const level of track.levels) {
          for (const check of level.checks) {
            const result = byCheck.get(check.id);
            const exemption = active.get(check.id);
            const state = result
              ? effectiveState(result.rawState, exemption, now)
              : 'unknown';
            states.set(check.id, state);
            checks.push({
              checkId: check.id,
              state,
              ...(result?.reason && state !== 'passed'
                ? { reason: result.reason }
                : {}),
              facts: result?.facts ?? {},
              since:
                result?.since ?? stored.entity.evaluatedAt ?? now.toISOString(),
              ...(exemption && state === 'exempt' ? { exemption } : {}),
            });
          }
        }
        return {
          trackId: track.id,
          level: levelOf(track, id => states.get(id)),
          maxLevel: track.levels.length,
          checks,
        };
      });
    return {
      entityRef,
      ...(stored.entity.ownerRef ? { ownerRef: stored.entity.ownerRef } : {}),
      ...(stored.entity.evaluatedAt
        ? { evaluatedAt: stored.entity.evaluatedAt }
        : {}),
      tracks: trackResults,
    };
  }

  router.get('/scorecards/tracks', async (req, res) => {
    await read(req);
    res.json({ items: tracks });
  });

  router.get(
    '/scorecards/entities/:namespace/:kind/:name',
    async (req, res) => {
      await read(req);
      const entityRef = refOfParams(
        parseRequest(entityParams, req.params, 'params'),
      );
      const scorecard = await scorecardOf(entityRef);
      if (!scorecard) {
        throw new NotFoundError(
          `${entityRef} has not been evaluated: no track applies to it, or it is not in the catalog yet`,
        );
      }
      res.json(scorecard);
    },
  );

  router.post(
    '/scorecards/entities/:namespace/:kind/:name/run',
    async (req, res) => {
      const entityRef = refOfParams(
        parseRequest(entityParams, req.params, 'params'),
      );
      const credentials = await authorizeFor(
        req,
        scorecardRerunPermission,
        entityRef,
        `Only the owners of ${entityRef} and the platform team may re-run its checks`,
      );
      const refreshed = await refresher.refresh(entityRef);
      const evaluation = await evaluator.evaluateOne(entityRef);
      if (!evaluation) {
        throw new NotFoundError(`${entityRef} is not in the catalog`);
      }
      await store.audit({
        at: new Date().toISOString(),
        actor: actorOf(credentials),
        action: 'entity.run',
        entityRef,
        details: { retrievers: refreshed },
      });
      const scorecard = await scorecardOf(entityRef);
      res.json({
        ...scorecard,
        warnings: refreshed
          .filter(r => r.error)
          .map(r => `${r.retrieverId}: ${r.error}`),
      });
    },
  );

  router.get(
    '/scorecards/entities/:namespace/:kind/:name/history',
    async (req, res) => {
      await read(req);
      const entityRef = refOfParams(
        parseRequest(entityParams, req.params, 'params'),
      );
      res.json(await store.history(entityRef));
    },
  );

  router.get('/scorecards/exemptions', async (req, res) => {
    await read(req);
    const query = parseRequest(exemptionsQuery, req.query, 'query');
    res.json({
      items: await store.exemptions(
        query.entityRef ? [query.entityRef] : undefined,
      ),
    });
  });

  router.post('/scorecards/exemptions', async (req, res) => {
    const body = parseRequest(exemptionBody, req.body);
    if (!checkIds.has(body.checkId)) {
      throw new InputError(
        `Invalid request: checkId: unknown check '${body.checkId}'`,
      );
    }
    const now = new Date();
    const expiresAt = new Date(body.expiresAt);
    if (expiresAt <= now) {
      throw new InputError('Invalid request: expiresAt: must be in the future');
    }
    if (expiresAt.getTime() - now.getTime() > MAX_EXEMPTION_DAYS * 86_400_000) {
      throw new InputError(
        `Invalid request: expiresAt: at most ${MAX_EXEMPTION_DAYS} days ahead`,
      );
    }
    const credentials = await authorizeFor(
      req,
      scorecardExemptionCreatePermission,
      body.entityRef,
      `Only the owners of ${body.entityRef} and the platform team may exempt it from a check`,
    );
    const actor = actorOf(credentials);
    const exemption = await store.createExemption({
      entityRef: body.entityRef,
      checkId: body.checkId,
      justification: body.justification,
      expiresAt,
      createdBy: actor,
      now,
    });
    await store.audit({
      at: now.toISOString(),
      actor,
      action: 'exemption.create',
      entityRef: body.entityRef,
      checkId: body.checkId,
      details: {
        exemptionId: exemption.id,
        justification: body.justification,
        expiresAt: exemption.expiresAt,
      },
    });
    await evaluator.evaluateOne(body.entityRef);
    res.status(201).json(exemption);
  });

  router.post('/scorecards/exemptions/:id/revoke', async (req, res) => {
    const { id } = parseRequest(
      z.object({ id: z.string().uuid() }),
      req.params,
      'params',
    );
    const credentials = await authorize(
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
    res.json(exemption);
  });

  router.get('/scorecards/audit', async (req, res) => {
    await read(req);
    const query = parseRequest(exemptionsQuery, req.query, 'query');
    res.json({ items: await store.auditTrail(query.entityRef) });
  });

  router.get('/scorecards/matrix', async (req, res) => {
    await read(req);
    const [counts, groups, evaluatedAt] = await Promise.all([
      store.levelCounts(),
      store.groups(),
      store.lastEvaluatedAt(),
    ]);
    res.json(buildMatrix(tracks, counts, groups, evaluatedAt));
  });

  router.get('/scorecards/groups/:namespace/:name', async (req, res) => {
    await read(req);
    const params = parseRequest(groupParams, req.params, 'params');
    const groupRef =
      `group:${params.namespace}/${params.name}`.toLocaleLowerCase('en-US');
    const scorecard = await groupScorecard(store, tracks, groupRef);
    if (!scorecard) {
      throw new NotFoundError(`${groupRef} is not a group scorecards know`);
    }
    res.json(scorecard);
  });

  router.get('/scorecards/trends', async (req, res) => {
    await read(req);
    const query = parseRequest(trendsQuery, req.query, 'query');
    const track = tracks.find(t => t.id === query.track);
    if (!track) {
      throw new InputError(
        `Invalid request: track: unknown track '${query.track}'`,
      );
    }
    const since = new Date(Date.now() - (query.days - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const groupRef = query.group ?? ORGANISATION_KEY;
    const trend: GroupTrend = {
      groupRef,
      trackId: track.id,
      points: trendPoints(track, await store.daily(groupRef, track.id, since)),
    };
    res.json(trend);
  });

  router.get('/scorecards/export.csv', async (req, res) => {
    await read(req);
    const query = parseRequest(exportQuery, req.query, 'query');
    const csv = await exportCsv(store, tracks, query.group);
    const name = query.group
      ? query.group.replace(/[^a-z0-9-]+/g, '-')
      : 'organisation';
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set(
        'content-disposition',
        `attachment; filename="scorecards-${name}.csv"`,
      )
      .send(csv);
  });

  router.post('/scorecards/evaluate', async (req, res) => {
    const credentials = await authorize(
      req,
      scorecardTracksManagePermission,
      'Only the platform team may evaluate every component on demand',
      { users: true },
    );
    const summary = await evaluator.evaluateAll();
    await store.audit({
      at: summary.evaluatedAt,
      actor: actorOf(credentials),
      action: 'evaluate.all',
      details: summary,
    });
    res.json(summary);
  });

  return router;
}
