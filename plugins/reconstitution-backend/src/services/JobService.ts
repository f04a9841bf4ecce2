import { AuditorService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  EventSelection,
  ReconstitutionJob,
  reconstitutionJobCancelPermission,
  reconstitutionJobCreatePermission,
  ReconstitutionReceiver,
} from '@internal/backstage-plugin-reconstitution-common';
import type { ReconstitutionEventSource } from '@internal/backstage-plugin-reconstitution-node';
import { parseRequest } from '@internal/backstage-plugin-portal-node';
import type { Request } from 'express';
import { z } from 'zod/v3';
import { JobApprovals } from '../approvals/JobApprovals';
import { JobListQuery } from '../database/jobList';
import { JobStore } from '../database/JobStore';
import { ReceiverCatalog } from '../receivers/ReceiverCatalog';
import { dedupe, EventSources } from './EventSources';
import { ReconstitutionAccess } from './ReconstitutionAccess';

const jobIdSchema = z.string().uuid('must be a job id');

/** A job as asked for: what to deliver, to which receiver's queue, how fast. */
export type JobRequest = EventSelection & {
  receiver: { entityRef: string; queue: string };
  ratePerSecond?: number;
};

/**
 * The rules of reconstitution jobs: who may create, cancel and decide on
 * them (ReconstitutionAccess, JobApprovals), what a job may select, and the
 * audit event every privileged attempt leaves, refused ones included.
 */
export class JobService {
  constructor(
    private readonly deps: {
      access: ReconstitutionAccess;
      sources: EventSources;
      jobs: JobStore;
      receivers: ReceiverCatalog;
      approvals: JobApprovals;
      auditor: AuditorService;
      /** Tells the creator a job ended (here: it was cancelled). */
      onJobEnded?: (job: ReconstitutionJob) => Promise<void>;
    },
  ) {}

  async list(
    req: Request,
    query: JobListQuery,
  ): Promise<{ items: ReconstitutionJob[]; nextCursor?: string }> {
    const { access, approvals } = this.deps;
    this.deps.sources.checkEnvironment(query.environment);
    await access.authorizeRead(req);
    const page = await this.deps.jobs.listJobs(query);
    return {
      ...page,
      items: await approvals.forCaller(
        await access.credentials(req),
        page.items,
      ),
    };
  }

  /** The job with its entity ids, progress samples and audit trail. */
  async detail(req: Request, id: string) {
    const { access, jobs } = this.deps;
    await access.authorizeRead(req);
    const found = await this.#find(id);
    const [job] = await this.deps.approvals.forCaller(
      await access.credentials(req),
      [found],
    );
    const [entityIds, progressSamples, audit] = await Promise.all([
      jobs.entityIds(job.id),
      jobs.progressSamples(job.id),
      jobs.auditEntries(job.id),
    ]);
    return { job, entityIds, progressSamples, audit };
  }

  async create(req: Request, request: JobRequest): Promise<ReconstitutionJob> {
    this.deps.sources.checkEnvironment(request.environment);
    const { receiver: asked, ratePerSecond, ...rest } = request;
    const selection = dedupe(rest);
    const source = this.deps.sources.get(selection.source);
    const receiver = await this.#receiver(asked);
    // Republishing events into a service's queue is privileged: every
    // attempt past input checking is audited, refused ones included.
    await this.deps.access.userCredentials(req);
    const event = await this.deps.auditor.createEvent({
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
      const createdBy = await this.deps.access.authorizeForReceiver(
        req,
        reconstitutionJobCreatePermission,
        receiver,
        'create',
      );
      const total = await this.#matched(source, selection);
      const job = await this.deps.jobs.createJob({
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
        approvalExpiresAt: this.deps.approvals.expiresAt(selection.environment),
      });
      await event.success({
        meta: { jobId: job.id, matched: total, state: job.state },
      });
      if (job.state === 'awaiting-approval') {
        await this.deps.approvals.requested(job);
      }
      return job;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  async cancel(req: Request, id: string): Promise<ReconstitutionJob> {
    const job = await this.#find(id);
    await this.deps.access.userCredentials(req);
    const event = await this.deps.auditor.createEvent({
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
      const receiver = (await this.deps.receivers.get(
        job.receiver.entityRef,
      )) ?? {
        entityRef: job.receiver.entityRef,
        ownerRef: job.receiver.ownerRef,
      };
      const actor = await this.deps.access.authorizeForReceiver(
        req,
        reconstitutionJobCancelPermission,
        receiver,
        'cancel',
      );
      cancelled = await this.deps.jobs.cancel(job.id, actor);
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
    await this.deps.onJobEnded?.(cancelled).catch(() => undefined);
    return cancelled;
  }

  async approve(req: Request, id: string): Promise<ReconstitutionJob> {
    const job = await this.#find(id);
    const credentials = await this.deps.access.userCredentials(req);
    return this.deps.approvals.approve(req, credentials, job);
  }

  async refuse(
    req: Request,
    id: string,
    reason: string,
  ): Promise<ReconstitutionJob> {
    const job = await this.#find(id);
    const credentials = await this.deps.access.userCredentials(req);
    return this.deps.approvals.refuse(req, credentials, job, reason);
  }

  async #find(id: string): Promise<ReconstitutionJob> {
    const job = await this.deps.jobs.getJob(
      parseRequest(jobIdSchema, id, 'id'),
    );
    if (!job) throw new NotFoundError(`No reconstitution job ${id}`);
    return job;
  }

  /** The receiver asked for, when the catalog says it has that queue. */
  async #receiver(asked: {
    entityRef: string;
    queue: string;
  }): Promise<ReconstitutionReceiver> {
    const receiver = await this.deps.receivers.get(asked.entityRef);
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
    return receiver;
  }

  /**
   * How many archived events the selection matches: its producer and
   * event names must be known, and it must match something.
   */
  async #matched(
    source: ReconstitutionEventSource,
    selection: EventSelection,
  ): Promise<number> {
    const producers = await source.producers(selection.environment);
    const producer = producers.find(
      p =>
        p.domain === selection.domain && p.entityType === selection.entityType,
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
    return total;
  }
}
