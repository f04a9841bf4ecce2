import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { JsonObject } from '@backstage/types';
import {
  DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
  deadLetterDiscardPermission,
  deadLetterReadPermission,
  deadLetterReplayPermission,
  DeadLetterFilter,
  DeadLetterState,
  ReplayJob,
  ReplayJobDetail,
  ReplayTarget,
} from '@internal/backstage-plugin-dead-letter-common';
import { jsonBody } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import {
  DeadLetterResource,
  DeadLetterStore,
} from './database/DeadLetterStore';
import { CaptureService } from './capture/CaptureService';
import { QueueDiscovery } from './capture/QueueDiscovery';
import { AmqpEnvironments } from '@internal/amqp-node';
import { AuditAction } from './database/AuditLog';
import { deadLetterRules } from './permissions';
import { QueueOwners, ReplayTargets } from './services/ReplayTargets';
import { BodyAccessService } from './services/BodyAccess';
import { ApprovalService } from './approvals/ApprovalService';
import { addApprovalRoutes } from './approvals/router';

const isAllowedBy = createConditionAuthorizer(Object.values(deadLetterRules));

/** Actions on these environments are audited at medium severity; on any other, high. */
const NON_PRODUCTION = /^(dev|development|test|testing|local|sandbox)$/i;

/** Message ids named in an audit event; the count is always there. */
const MAX_AUDITED_IDS = 100;

function auditSeverity(
  environments: string[],
): AuditorServiceEventSeverityLevel {
  return environments.length > 0 &&
    environments.every(e => NON_PRODUCTION.test(e))
    ? 'medium'
    : 'high';
}

/** The selection as an audit event names it: a bounded list of ids. */
function auditedIds(ids: string[]): JsonObject {
  return {
    messageCount: ids.length,
    messageIds: ids.slice(0, MAX_AUDITED_IDS),
    ...(ids.length > MAX_AUDITED_IDS ? { messageIdsTruncated: true } : {}),
  };
}

// eslint-disable-next-line no-control-regex
const NO_NUL = /^[^\u0000]*$/;
/** A string parameter; NUL cannot be stored or searched in Postgres text. */
const text = () => z.string().regex(NO_NUL, 'must not contain NUL characters');

const actionBodySchema = z
  .object({
    ids: z
      .array(z.string().uuid('must be message ids'))
      .min(1, 'select at least one message')
      .max(1000, 'at most 1000 messages at a time'),
  })
  .strict();

const isoDateString = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

const replayFilterSchema = z
  .object({
    environment: text().min(1, 'choose an environment'),
    owners: z.array(text().min(1)).max(100).optional(),
    unowned: z.boolean().optional(),
    component: text().min(1).optional(),
    queue: text().min(1).optional(),
    reason: text().min(1).optional(),
    group: text().min(1).optional(),
    q: text().min(1).max(200).optional(),
    from: isoDateString.optional(),
    to: isoDateString.optional(),
  })
  .strict();

const replayBodySchema = z
  .object({
    ids: z
      .array(z.string().uuid('must be message ids'))
      .min(1, 'select at least one message')
      .max(10000, 'at most 10000 messages at a time')
      .optional(),
    filter: replayFilterSchema.optional(),
    target: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('original') }).strict(),
        z.object({ kind: z.literal('source') }).strict(),
        z
          .object({
            kind: z.literal('queue'),
            queue: z
              .string()
              .trim()
              .min(1, 'name the queue')
              .max(255, 'at most 255 characters'),
          })
          .strict(),
      ])
      .default({ kind: 'original' }),
    ratePerSecond: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1 message per second')
      .max(5000, 'must be at most 5000 messages per second')
      .optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.ids === undefined && b.filter === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['ids'],
        message: 'choose messages by ids or by filter',
      });
    } else if (b.ids !== undefined && b.filter !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['ids'],
        message: 'give either ids or filter, not both',
      });
    }
  });

const replayTargetsQuerySchema = z
  .object({ environment: text().min(1, 'choose an environment') })
  .strict();

const replayListQuerySchema = z
  .object({
    environment: text().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: text().optional(),
  })
  .strict();

const states = z.enum(['unresolved', 'replaying', 'replayed', 'discarded']);
// Repeated query parameters (?state=a&state=b) arrive as arrays.
const oneOrMany = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(v => (Array.isArray(v) ? v : [v]), z.array(schema));
const isoDate = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .transform(v => new Date(v));

const listQuerySchema = z
  .object({
    environment: text().optional(),
    state: oneOrMany(states).optional(),
    owner: oneOrMany(text()).optional(),
    unowned: z.enum(['true', 'false']).optional(),
    component: text().optional(),
    queue: text().optional(),
    reason: text().optional(),
    group: text().optional(),
    q: text().max(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: text().optional(),
  })
  .strict();

const countsQuerySchema = z
  .object({
    owner: oneOrMany(text()).optional(),
    state: oneOrMany(states).optional(),
  })
  .strict();

const groupsQuerySchema = z
  .object({
    environment: text(),
    owner: oneOrMany(text()).optional(),
    state: oneOrMany(states).optional(),
  })
  .strict();

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(issue => {
      const field = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') {
        return `${
          field ? `${field}: ` : ''
        }unknown parameter(s) ${issue.keys.join(', ')}`;
      }
      return `${field || 'body'}: ${issue.message}`;
    });
    throw new InputError(`Invalid request: ${problems.join('; ')}`);
  }
  return result.data;
}

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: DeadLetterStore;
  capture: CaptureService;
  discovery?: QueueDiscovery;
  amqp: AmqpEnvironments;
  environments: string[];
  /** Who reads message content; without it, everyone who reads dead letters. */
  bodyAccess?: BodyAccessService;
  /** Most messages one replay job may take by filter. */
  maxJobSize?: number;
  /** The queue registry's owners: replay destinations are limited to the actor's. */
  queueOwners?: QueueOwners;
  /** Four eyes: large production replays and discards wait for approval. */
  approvals?: ApprovalService;
}): Promise<express.Router> {
  const { auditor, httpAuth, permissions, store, capture, amqp } = options;
  const bodyAccess =
    options.bodyAccess ??
    BodyAccessService.create({
      permissions,
      auditor,
      environments: options.environments.map(name => ({
        name,
        bodyAccess: 'everyone' as const,
      })),
    });
  const { environments } = options;
  const maxJobSize = options.maxJobSize ?? 100_000;
  const router = Router();
  // 10,000 message ids are about 400 KB of JSON.
  router.use(jsonBody({ limit: '1mb' }));

  function checkEnvironment(
    environment: string | undefined,
    field = 'environment',
  ) {
    if (environment !== undefined && !environments.includes(environment)) {
      throw new InputError(
        `Invalid request: ${field}: unknown environment '${environment}' (known: ${
          environments.join(', ') || 'none'
        })`,
      );
    }
  }

  async function authorizeRead(req: express.Request) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: deadLetterReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      // Conditional read access is not offered: reading is all or nothing.
      throw new NotAllowedError('You may not read dead letters');
    }
    return credentials;
  }

  /** Reading is allowed; content is what the caller's scope shows. */
  async function readScope(req: express.Request) {
    return bodyAccess.scope(await authorizeRead(req));
  }

  const audit = store.auditLog();

  /**
   * Moves the selected messages between states when the user may act on
   * every one of them; all or nothing, and audited either way: in the
   * plugin's audit log, and as an auditor event (shipped to Humio).
   */
  async function act(
    req: express.Request,
    spec: {
      action: AuditAction;
      /** Of the auditor event. */
      eventId: string;
      /** Added to the auditor event when the action succeeded. */
      auditMeta?: () => JsonObject;
      permission: ResourcePermission<typeof DEAD_LETTER_MESSAGE_RESOURCE_TYPE>;
      from: DeadLetterState[];
      to: DeadLetterState;
      ids?: string[];
      /** Already loaded with the ids (a filter selection): not looked up again. */
      resources?: DeadLetterResource[];
      filter?: Record<string, unknown>;
      target?: Record<string, unknown>;
      /**
       * Where approval is required (see ApprovalService.requires), the
       * action is recorded as a request instead, after `check`.
       */
      approval?: {
        action: 'replay' | 'discard';
        ratePerSecond?: number;
        check?: () => Promise<void>;
      };
      /** Does the change instead of a plain state transition. */
      apply?: (
        ids: string[],
        actor: string,
        environment: string,
      ) => Promise<number>;
    },
  ) {
    const ids = spec.ids ?? parse(actionBodySchema, req.body).ids;
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const actor = credentials.principal.userEntityRef;
    const resources = spec.resources ?? (await store.resources(ids));
    const touched = [...new Set(resources.map(r => r.environment))];
    const event = await auditor.createEvent({
      eventId: spec.eventId,
      severityLevel: auditSeverity(touched),
      request: req,
      meta: {
        environments: touched,
        ...auditedIds(ids),
        ...(spec.filter ? { filter: spec.filter as JsonObject } : {}),
        ...(spec.target ? { target: spec.target as JsonObject } : {}),
      },
    });
    try {
      const result = await applyAction(req, spec, {
        ids,
        actor,
        credentials,
        resources,
        touched,
      });
      await event.success({
        meta: { ...result, ...(spec.auditMeta?.() ?? {}) },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  async function applyAction(
    req: express.Request,
    spec: Parameters<typeof act>[1],
    selected: {
      ids: string[];
      actor: string;
      credentials: BackstageCredentials<BackstageUserPrincipal>;
      resources: DeadLetterResource[];
      touched: string[];
    },
  ) {
    const { ids, actor, credentials, resources, touched } = selected;
    const found = new Set(resources.map(r => r.id));
    const missing = ids.filter(id => !found.has(id.toLowerCase()));
    if (missing.length > 0) {
      throw new NotFoundError(
        `No dead letters with ids ${missing.slice(0, 5).join(', ')}${
          missing.length > 5 ? ', ...' : ''
        }`,
      );
    }
    const base = {
      actor,
      action: spec.action,
      environment: touched.length === 1 ? touched[0] : undefined,
      selection: spec.filter ? { filter: spec.filter } : { ids },
      target: spec.target,
      requested: ids.length,
    };

    const [decision] = await permissions.authorizeConditional(
      [{ permission: spec.permission }],
      { credentials },
    );
    const denied = resources.filter(r => !isAllowedBy(decision, r));
    if (denied.length > 0) {
      const details = `${denied.length} of ${resources.length} selected messages belong to components your squads do not own`;
      await audit.record({ ...base, affected: 0, outcome: 'denied', details });
      throw new NotAllowedError(
        `You may ${spec.action} only dead letters of components your squads own: ${details}`,
      );
    }

    if (spec.apply && touched.length !== 1) {
      throw new InputError(
        'Invalid request: ids: all messages must be of one environment',
      );
    }
    const approvals = options.approvals;
    if (
      spec.approval &&
      approvals &&
      touched.some(e => approvals.requires(e, ids.length))
    ) {
      if (touched.length !== 1) {
        throw new InputError(
          'Invalid request: ids: messages that need approval must all be of one environment',
        );
      }
      await spec.approval.check?.();
      const approval = await approvals.request(req, {
        action: spec.approval.action,
        environment: touched[0],
        requester: actor,
        resources,
        target: spec.target as ReplayTarget | undefined,
        filter: spec.filter as DeadLetterFilter | undefined,
        ratePerSecond: spec.approval.ratePerSecond,
      });
      await audit.record({
        ...base,
        affected: 0,
        outcome: 'succeeded',
        details: `sent for approval (request ${approval.id}); nothing is done until another person approves it`,
      });
      return { requested: ids.length, affected: 0, approval };
    }
    const affected = spec.apply
      ? await spec.apply(ids, actor, touched[0])
      : await store.transition(ids, {
          from: spec.from,
          to: spec.to,
        });
    const skipped = ids.length - affected;
    await audit.record({
      ...base,
      affected,
      outcome: 'succeeded',
      details:
        skipped > 0
          ? `${skipped} not ${spec.from.join(' or ')}, left as they were`
          : undefined,
    });
    return { requested: ids.length, affected };
  }

  router.post('/messages/discard', async (req, res) => {
    res.json(
      await act(req, {
        action: 'discard',
        eventId: 'messages-discard',
        permission: deadLetterDiscardPermission,
        from: ['unresolved'],
        to: 'discarded',
        approval: { action: 'discard' },
      }),
    );
  });

  router.post('/messages/restore', async (req, res) => {
    res.json(
      await act(req, {
        action: 'restore',
        eventId: 'messages-restore',
        permission: deadLetterDiscardPermission,
        from: ['discarded'],
        to: 'unresolved',
      }),
    );
  });

  const replays = store.replayJobs();
  const replayTargets = ReplayTargets.create({
    permissions,
    owners: options.queueOwners,
  });

  router.post('/replays', async (req, res) => {
    const body = parse(replayBodySchema, req.body);
    let ids = body.ids;
    let matched: DeadLetterResource[] | undefined;
    const filter = body.filter;
    if (filter) {
      checkEnvironment(filter.environment, 'filter.environment');
      if (
        filter.from !== undefined &&
        filter.to !== undefined &&
        new Date(filter.to) <= new Date(filter.from)
      ) {
        throw new InputError(
          'Invalid request: filter.to: must be after filter.from',
        );
      }
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const restrictTo = filter.q
        ? (await bodyAccess.scope(credentials)).searchable()
        : undefined;
      const onlyUnowned = filter.unowned === true && !filter.owners?.length;
      matched = await store.matchingResources(
        {
          environment: filter.environment,
          states: ['unresolved'],
          ownerRefs: onlyUnowned ? [] : filter.owners,
          includeUnowned: filter.unowned === true,
          componentRef: filter.component,
          sourceQueue: filter.queue,
          reason: filter.reason,
          groupFingerprint: filter.group,
          text: filter.q,
          restrictTo,
          from: filter.from ? new Date(filter.from) : undefined,
          to: filter.to ? new Date(filter.to) : undefined,
        },
        maxJobSize + 1,
      );
      ids = matched.map(m => m.id);
      if (ids.length === 0) {
        throw new InputError(
          'Invalid request: filter: no unresolved messages match the filter',
        );
      }
      if (ids.length > maxJobSize) {
        throw new InputError(
          `Invalid request: filter: matches more than ${maxJobSize} unresolved messages, the most one replay job takes; narrow the filter (for example by queue or time range)`,
        );
      }
    }
    const actor = await httpAuth.credentials(req, { allow: ['user'] });
    const selected = matched ?? (await store.resources(ids ?? []));
    let job: ReplayJob | undefined;
    const result = await act(req, {
      action: 'replay',
      eventId: 'replay-create',
      auditMeta: () => (job ? { jobId: job.id } : {}),
      permission: deadLetterReplayPermission,
      from: ['unresolved'],
      to: 'replaying',
      ids,
      resources: selected,
      filter,
      target: body.target,
      approval: {
        action: 'replay',
        ratePerSecond: body.ratePerSecond,
        check: () => replayTargets.check(actor, body.target, selected),
      },
      apply: async (chosen, actorRef, environment) => {
        await replayTargets.check(actor, body.target, selected);
        job = await replays.createJob({
          environment,
          createdBy: actorRef,
          target: body.target,
          filter,
          ratePerSecond: body.ratePerSecond,
          ids: chosen,
        });
        return job.total;
      },
    });
    res
      .status(202)
      .json('approval' in result ? { approval: result.approval } : { job });
  });

  router.get('/replay-targets', async (req, res) => {
    const query = parse(replayTargetsQuerySchema, req.query);
    checkEnvironment(query.environment);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await replayTargets.list(credentials));
  });

  router.get('/queue-conflicts', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: replayTargets.conflicts() });
  });

  router.get('/replays', async (req, res) => {
    const query = parse(replayListQuerySchema, req.query);
    checkEnvironment(query.environment);
    const scope = await readScope(req);
    const items = await replays.listJobs(query);
    res.json({ items: items.map(job => scope.job(job)) });
  });

  router.get('/replays/:id', async (req, res) => {
    const scope = await readScope(req);
    const job = await replays.getJob(req.params.id);
    if (!job) {
      throw new NotFoundError(`No replay job with id ${req.params.id}`);
    }
    const { items, truncated } = await replays.items(job.id);
    const detail: ReplayJobDetail = {
      job: scope.job(job),
      items,
      itemsTruncated: truncated,
    };
    res.json(detail);
  });

  router.post('/replays/:id/cancel', async (req, res) => {
    const job = await replays.getJob(req.params.id);
    if (!job) {
      throw new NotFoundError(`No replay job with id ${req.params.id}`);
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const event = await auditor.createEvent({
      eventId: 'replay-cancel',
      severityLevel: auditSeverity([job.environment]),
      request: req,
      meta: {
        jobId: job.id,
        environments: [job.environment],
        messageCount: job.total,
      },
    });
    try {
      const cancelled = await cancelReplay(job, credentials);
      await event.success({ meta: { affected: cancelled.affected } });
      res.json({ job: cancelled.job });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  async function cancelReplay(
    job: ReplayJob,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ) {
    const resources = await store.resources(await replays.messageIds(job.id));
    const [decision] = await permissions.authorizeConditional(
      [{ permission: deadLetterReplayPermission }],
      { credentials },
    );
    const actor = credentials.principal.userEntityRef;
    const base = {
      actor,
      action: 'cancel-replay' as const,
      environment: job.environment,
      selection: job.filter ? { filter: job.filter } : {},
      target: { ...job.target, jobId: job.id },
      requested: job.total,
    };
    if (resources.some(r => !isAllowedBy(decision, r))) {
      await audit.record({
        ...base,
        affected: 0,
        outcome: 'denied',
        details:
          'the job replays dead letters of components the user does not own',
      });
      throw new NotAllowedError(
        'You may cancel only replays of dead letters your squads own',
      );
    }
    const cancelled = await replays.cancel(job.id, `Cancelled by ${actor}`);
    if (!cancelled) {
      throw new ConflictError(`Replay job ${job.id} has already ended`);
    }
    const counts = await replays.refreshCounts(job.id);
    const affected = counts.total - counts.confirmed - counts.failed;
    await audit.record({
      ...base,
      affected,
      outcome: 'succeeded',
      details: `cancelled after ${counts.confirmed} of ${counts.total} messages were replayed; the others are unresolved again`,
    });
    return { job: await replays.getJob(job.id), affected };
  }

  if (options.approvals) {
    addApprovalRoutes(router, {
      approvals: options.approvals,
      httpAuth,
      authorizeRead,
      parse,
    });
  }

  router.get('/audit', async (req, res) => {
    const query = parse(auditQuerySchema, req.query);
    const scope = await readScope(req);
    const page = await audit.list(query);
    res.json({ ...page, items: page.items.map(e => scope.auditEntry(e)) });
  });

  router.get('/environments', async (req, res) => {
    await authorizeRead(req);
    const captures = capture.status();
    res.json({
      items: environments.map(name => ({
        name,
        connection: amqp.get(name)?.status() ?? {
          environment: name,
          state: 'disconnected',
          since: new Date(0).toISOString(),
          lastError: `No broker configured for '${name}' (amqp.environments.${name}.url)`,
        },
        queues: captures.filter(c => c.environment === name),
        discovery: options.discovery?.status(name),
      })),
    });
  });

  router.get('/messages', async (req, res) => {
    const query = parse(listQuerySchema, req.query);
    checkEnvironment(query.environment);
    const scope = await readScope(req);
    // Text is searched only where the caller may read what it is found in.
    const page = await store.list({
      environment: query.environment,
      states: query.state,
      ownerRefs: query.owner,
      includeUnowned: query.unowned === 'true',
      componentRef: query.component,
      sourceQueue: query.queue,
      reason: query.reason,
      groupFingerprint: query.group,
      from: query.from,
      to: query.to,
      text: query.q,
      restrictTo: query.q ? scope.searchable() : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
    res.json({ ...page, items: page.items.map(m => scope.summary(m)) });
  });

  router.get('/messages/:id', async (req, res) => {
    const scope = await readScope(req);
    const stored = await store.get(req.params.id);
    if (!stored) {
      throw new NotFoundError(`No dead letter with id ${req.params.id}`);
    }
    const message = scope.message(stored);
    await bodyAccess.auditRead(req, scope, [message]);
    res.json(message);
  });

  router.get('/counts', async (req, res) => {
    const query = parse(countsQuerySchema, req.query);
    await authorizeRead(req);
    res.json({
      items: await store.counts({
        ownerRefs: query.owner,
        states: query.state,
      }),
    });
  });

  router.get('/groups', async (req, res) => {
    const query = parse(groupsQuerySchema, req.query);
    checkEnvironment(query.environment);
    await authorizeRead(req);
    res.json({
      items: await store.failureGroups({
        environment: query.environment,
        ownerRefs: query.owner,
        states: query.state,
      }),
    });
  });

  return router;
}
