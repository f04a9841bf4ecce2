import {
  AuditorService,
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
import {
  ReconstitutionJob,
  reconstitutionJobCancelPermission,
  reconstitutionJobCreatePermission,
  reconstitutionJobReadPermission,
  RECONSTITUTION_RECEIVER_RESOURCE_TYPE,
  ReconstitutionReceiver,
  MAX_ENTITY_IDS,
  MAX_RATE_PER_SECOND,
} from '@internal/backstage-plugin-reconstitution-common';
import type { ReconstitutionEventSource } from '@internal/backstage-plugin-reconstitution-node';
import { jsonBody, parseRequest } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ArchiveService } from './archive/ArchiveService';
import { ARCHIVE_SOURCE_ID } from './database/EventArchiveStore';
import { JobStore } from './database/JobStore';
import { reconstitutionRules } from './permissions';
import { JobApprovals } from './approvals/JobApprovals';
import { ReceiverCatalog } from './receivers/ReceiverCatalog';

const isAllowedBy = createConditionAuthorizer(
  Object.values(reconstitutionRules),
);

// eslint-disable-next-line no-control-regex
const NO_NUL = /^[^\u0000]*$/;
const isoDate = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .regex(NO_NUL, 'must not contain NUL characters');

const selectionFields = {
  source: name.optional(),
  environment: name,
  domain: name,
  entityType: name,
  from: isoDate.optional(),
  to: isoDate.optional(),
  entityIds: z
    .array(name)
    .max(MAX_ENTITY_IDS, `at most ${MAX_ENTITY_IDS} entity ids`)
    .optional(),
  eventNames: z.array(name).max(500, 'at most 500 event names').optional(),
};

const toAfterFrom = <T extends { from?: string; to?: string }>(s: T) =>
  !s.from || !s.to || new Date(s.to) > new Date(s.from);

const dryRunSchema = z
  .object({
    ...selectionFields,
    sampleSize: z.number().int().min(0).max(100).default(10),
  })
  .strict()
  .refine(toAfterFrom, { message: 'must be after from', path: ['to'] });

const jobSchema = z
  .object({
    ...selectionFields,
    receiver: z.object({ entityRef: name, queue: name }).strict(),
    ratePerSecond: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_RATE_PER_SECOND, `must be at most ${MAX_RATE_PER_SECOND}`)
      .optional(),
  })
  .strict()
  .refine(toAfterFrom, { message: 'must be after from', path: ['to'] });

const STATES = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
  'awaiting-approval',
  'refused',
  'expired',
] as const;

const listSchema = z
  .object({
    state: z
      .union([z.enum(STATES), z.array(z.enum(STATES))])
      .optional()
      .transform(v => (v === undefined ? undefined : [v].flat())),
    environment: name.optional(),
    receiver: name.optional(),
    createdBy: name.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

const producersQuerySchema = z
  .object({ environment: name.optional() })
  .strict();

const jobIdSchema = z.string().uuid('must be a job id');

const approveSchema = z.object({}).strict();

const refuseSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'say why the job is refused')
      .max(500, 'at most 500 characters')
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000]*$/, 'must not contain NUL characters'),
  })
  .strict();

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  sources: Map<string, ReconstitutionEventSource>;
  archive: ArchiveService;
  jobs: JobStore;
  receivers: ReceiverCatalog;
  environments: string[];
  /** Tells the creator a job ended (here: it was cancelled). */
  onJobEnded?: (job: ReconstitutionJob) => Promise<void>;
  /** Four eyes: jobs into production receivers wait for approval. */
  approvals?: JobApprovals;
}): Promise<express.Router> {
  const { httpAuth, permissions, sources, archive, jobs, receivers } = options;
  const { auditor, environments } = options;
  const router = Router();
  // 100,000 entity ids are a few MB of JSON.
  router.use(jsonBody({ limit: '10mb' }));

  function checkEnvironment(environment: string | undefined) {
    if (environment !== undefined && !environments.includes(environment)) {
      throw new InputError(
        `Invalid request: environment: unknown environment '${environment}' (known: ${
          environments.join(', ') || 'none'
        })`,
      );
    }
  }

  function sourceOf(id: string | undefined): ReconstitutionEventSource {
    const source = sources.get(id ?? ARCHIVE_SOURCE_ID);
    if (!source) {
      throw new InputError(
        `Invalid request: source: unknown event source '${id}' (known: ${[
          ...sources.keys(),
        ].join(', ')})`,
      );
    }
    return source;
  }

  async function authorizeRead(req: express.Request) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: reconstitutionJobReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read reconstitution data');
    }
  }

  /** Create and cancel are decided per receiver: its owners may. */
  async function authorizeForReceiver(
    req: express.Request,
    permission: ResourcePermission<
      typeof RECONSTITUTION_RECEIVER_RESOURCE_TYPE
    >,
    receiver: Pick<ReconstitutionReceiver, 'entityRef' | 'ownerRef'>,
    verb: string,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!isAllowedBy(decision, receiver)) {
      throw new NotAllowedError(
        `Only the owners of ${receiver.entityRef} (${
          receiver.ownerRef ?? 'no owner in the catalog'
        }) and the platform team may ${verb} its reconstitution jobs`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  router.get('/archive', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: await archive.status() });
  });

  router.get('/producers', async (req, res) => {
    const query = parseRequest(producersQuerySchema, req.query, 'query');
    checkEnvironment(query.environment);
    await authorizeRead(req);
    const lists = await Promise.all(
      [...sources.values()].map(s => s.producers(query.environment)),
    );
    res.json({ items: lists.flat() });
  });

  router.get('/receivers', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: await receivers.list() });
  });

  router.post('/dry-run', async (req, res) => {
    const { sampleSize, ...selection } = parseRequest(dryRunSchema, req.body);
    checkEnvironment(selection.environment);
    const source = sourceOf(selection.source);
    await authorizeRead(req);
    res.json(await source.dryRun(dedupe(selection), sampleSize));
  });

  router.post('/jobs', async (req, res) => {
    const request = parseRequest(jobSchema, req.body);
    checkEnvironment(request.environment);
    const { receiver: asked, ratePerSecond, ...rest } = request;
    const selection = dedupe(rest);
    const source = sourceOf(selection.source);

    const receiver = await receivers.get(asked.entityRef);
    if (!receiver) {
      throw new InputError(
        `Invalid request: receiver.entityRef: no component '${asked.entityRef}' in the catalog`,
      );
    }
    if (receiver.queues.length === 0) {
      throw new InputError(
        `Invalid request: receiver.entityRef: ${receiver.entityRef} declares no queues to receive events (annotation meridian.bank/rabbitmq-queues)`,
      );
    }
    if (!receiver.queues.includes(asked.queue)) {
      throw new InputError(
        `Invalid request: receiver.queue: '${asked.queue}' is not a queue of ${
          receiver.entityRef
        } (its queues: ${receiver.queues.join(', ')})`,
      );
    }
    // Republishing events into a service's queue is privileged: every
    // attempt past input checking is audited, refused ones included.
    await httpAuth.credentials(req, { allow: ['user'] });
    const event = await auditor.createEvent({
      eventId: 'job-create',
      severityLevel: 'high',
      request: req,
      meta: {
        environment: selection.environment,
        source: source.id,
        receiver: { entityRef: receiver.entityRef, queue: asked.queue },
        domain: selection.domain,
        entityType: selection.entityType,
        ...(selection.from ? { from: selection.from } : {}),
        ...(selection.to ? { to: selection.to } : {}),
        entityIdCount: selection.entityIds?.length ?? 0,
        ...(selection.eventNames ? { eventNames: selection.eventNames } : {}),
        ...(ratePerSecond ? { ratePerSecond } : {}),
      },
    });
    try {
      const createdBy = await authorizeForReceiver(
        req,
        reconstitutionJobCreatePermission,
        receiver,
        'create',
      );

      const producers = await source.producers(selection.environment);
      const producer = producers.find(
        p =>
          p.domain === selection.domain &&
          p.entityType === selection.entityType,
      );
      if (!producer) {
        throw new InputError(
          `Invalid request: domain: unknown producer '${selection.domain} [${selection.entityType}]' in ${selection.environment}: no events of it have been archived`,
        );
      }
      const unknownNames = (selection.eventNames ?? []).filter(
        n => !producer.eventNames.includes(n),
      );
      if (unknownNames.length > 0) {
        throw new InputError(
          `Invalid request: eventNames: ${unknownNames.join(', ')} ${
            unknownNames.length === 1 ? 'is' : 'are'
          } not event names of ${producer.domain} [${
            producer.entityType
          }] (known: ${producer.eventNames.join(', ')})`,
        );
      }
      const { total } = await source.dryRun(selection, 0);
      if (total === 0) {
        throw new InputError(
          'Invalid request: body: the selection matches no archived events; widen the time range, entity ids or event names',
        );
      }
      const job = await jobs.createJob({
        environment: selection.environment,
        source: source.id,
        receiver: {
          entityRef: receiver.entityRef,
          queue: asked.queue,
          ownerRef: receiver.ownerRef,
        },
        selection,
        ratePerSecond,
        matched: total,
        createdBy,
        approvalExpiresAt: options.approvals?.expiresAt(selection.environment),
      });
      await event.success({
        meta: { jobId: job.id, matched: total, state: job.state },
      });
      if (job.state === 'awaiting-approval') {
        await options.approvals?.requested(job);
      }
      res.status(201).json({ job });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/jobs', async (req, res) => {
    const query = parseRequest(listSchema, req.query, 'query');
    checkEnvironment(query.environment);
    await authorizeRead(req);
    const page = await jobs.listJobs({
      states: query.state,
      environment: query.environment,
      receiverRef: query.receiver,
      createdBy: query.createdBy,
      limit: query.limit,
      cursor: query.cursor,
    });
    res.json(
      options.approvals
        ? {
            ...page,
            items: await options.approvals.forCaller(
              await httpAuth.credentials(req),
              page.items,
            ),
          }
        : page,
    );
  });

  async function findJob(id: string): Promise<ReconstitutionJob> {
    const job = await jobs.getJob(parseRequest(jobIdSchema, id, 'id'));
    if (!job) throw new NotFoundError(`No reconstitution job ${id}`);
    return job;
  }

  router.get('/jobs/:id', async (req, res) => {
    await authorizeRead(req);
    const found = await findJob(req.params.id);
    const [job] = options.approvals
      ? await options.approvals.forCaller(await httpAuth.credentials(req), [
          found,
        ])
      : [found];
    const [entityIds, progressSamples, audit] = await Promise.all([
      jobs.entityIds(job.id),
      jobs.progressSamples(job.id),
      jobs.auditEntries(job.id),
    ]);
    res.json({ job, entityIds, progressSamples, audit });
  });

  router.post('/jobs/:id/cancel', async (req, res) => {
    const job = await findJob(req.params.id);
    await httpAuth.credentials(req, { allow: ['user'] });
    const event = await auditor.createEvent({
      eventId: 'job-cancel',
      severityLevel: 'high',
      request: req,
      meta: {
        jobId: job.id,
        environment: job.environment,
        receiver: {
          entityRef: job.receiver.entityRef,
          queue: job.receiver.queue,
        },
        state: job.state,
      },
    });
    let cancelled: ReconstitutionJob | undefined;
    try {
      // Ownership as the catalog says now; as stored when it is gone.
      const receiver = (await receivers.get(job.receiver.entityRef)) ?? {
        entityRef: job.receiver.entityRef,
        ownerRef: job.receiver.ownerRef,
      };
      const actor = await authorizeForReceiver(
        req,
        reconstitutionJobCancelPermission,
        receiver,
        'cancel',
      );
      cancelled = await jobs.cancel(job.id, actor);
      if (!cancelled) {
        throw new ConflictError(
          `Job ${job.id} has already ended (${job.state})`,
        );
      }
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    await options.onJobEnded?.(cancelled).catch(() => undefined);
    res.json({ job: cancelled });
  });

  const approvals = options.approvals;
  if (approvals) {
    router.post('/jobs/:id/approve', async (req, res) => {
      parseRequest(approveSchema, req.body ?? {});
      const job = await findJob(req.params.id);
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json({ job: await approvals.approve(req, credentials, job) });
    });

    router.post('/jobs/:id/refuse', async (req, res) => {
      const { reason } = parseRequest(refuseSchema, req.body);
      const job = await findJob(req.params.id);
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json({ job: await approvals.refuse(req, credentials, job, reason) });
    });
  }

  return router;
}

/** Repeated entity ids and event names count once. */
function dedupe<T extends { entityIds?: string[]; eventNames?: string[] }>(
  selection: T,
): T {
  return {
    ...selection,
    entityIds: selection.entityIds && [...new Set(selection.entityIds)],
    eventNames: selection.eventNames && [...new Set(selection.eventNames)],
  };
}
