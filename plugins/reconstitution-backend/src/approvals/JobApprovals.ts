import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  describeJobApprovers,
  ReconstitutionJob,
  reconstitutionJobCreatePermission,
  ReconstitutionReceiver,
} from '@internal/backstage-plugin-reconstitution-common';
import { auditDecision } from '@internal/backstage-plugin-portal-node';
import type { Request } from 'express';
import { JobStore } from '../database/JobStore';
import { reconstitutionRules } from '../permissions';

const isAllowedBy = createConditionAuthorizer(
  Object.values(reconstitutionRules),
);

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * Four eyes on jobs into production receivers. A job is created awaiting
 * approval; another person who may create jobs for the receiver (its
 * owners or the platform team, as the permission framework decides) approves
 * it, never the person who asked. The worker claims only pending jobs.
 */
export class JobApprovals {
  constructor(
    private readonly deps: {
      jobs: JobStore;
      receivers: {
        get(ref: string): Promise<ReconstitutionReceiver | undefined>;
      };
      permissions: PermissionsService;
      auditor: AuditorService;
      notify: (
        entityRefs: string[],
        payload: NotificationPayload,
      ) => Promise<void>;
      settings: Map<string, { expiryMs: number }>;
      platformTeam: string;
      logger: LoggerService;
    },
  ) {}

  /** When a new job of this environment would expire; none: no approval. */
  expiresAt(environment: string): Date | undefined {
    const settings = this.deps.settings.get(environment);
    return settings ? new Date(Date.now() + settings.expiryMs) : undefined;
  }

  /** Tells the possible approvers that a job waits for them. */
  async requested(job: ReconstitutionJob): Promise<void> {
    await this.send(
      [
        ...(job.receiver.ownerRef ? [job.receiver.ownerRef] : []),
        this.deps.platformTeam,
      ],
      job,
      `Approval needed: reconstitution into ${job.receiver.queue} (${job.environment}) asked by ${job.createdBy}`,
      `Awaiting approval from ${describeJobApprovers(
        job.receiver.ownerRef,
      )} (not ${job.createdBy}) until ${job.approval?.expiresAt}`,
      'high',
    );
  }

  async approve(
    req: Request,
    credentials: UserCredentials,
    job: ReconstitutionJob,
  ): Promise<ReconstitutionJob> {
    const approver = credentials.principal.userEntityRef;
    return this.audited(req, 'job-approve', job, async () => {
      await this.checkOpen(job);
      await this.checkDecider(credentials, job);
      if (!(await this.deps.jobs.approve(job.id, approver, new Date()))) {
        const now = (await this.deps.jobs.getJob(job.id))!;
        await this.checkOpen(now);
        throw new ConflictError(`Job ${job.id} was decided already`);
      }
      const approved = (await this.deps.jobs.getJob(job.id))!;
      await this.send(
        [job.createdBy],
        approved,
        `Approved by ${approver}: reconstitution into ${job.receiver.queue} (${job.environment})`,
        'The job starts when a backend instance takes it',
        'normal',
      );
      return approved;
    });
  }

  async refuse(
    req: Request,
    credentials: UserCredentials,
    job: ReconstitutionJob,
    reason: string,
  ): Promise<ReconstitutionJob> {
    const refuser = credentials.principal.userEntityRef;
    return this.audited(req, 'job-refuse', job, async () => {
      await this.checkOpen(job);
      await this.checkDecider(credentials, job);
      const closed = await this.deps.jobs.closeApproval(job.id, 'refused', {
        actor: refuser,
        reason,
        now: new Date(),
      });
      if (!closed) throw new ConflictError(`Job ${job.id} was decided already`);
      const refused = (await this.deps.jobs.getJob(job.id))!;
      await this.send(
        [job.createdBy],
        refused,
        `Refused by ${refuser}: reconstitution into ${job.receiver.queue} (${job.environment})`,
        reason,
        'normal',
      );
      return refused;
    });
  }

  /** `canDecide` for the caller on each job awaiting approval. */
  async forCaller(
    credentials: BackstageCredentials,
    jobs: ReconstitutionJob[],
  ): Promise<ReconstitutionJob[]> {
    const caller = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    if (!caller || !jobs.some(j => j.state === 'awaiting-approval')) {
      return jobs;
    }
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: reconstitutionJobCreatePermission }],
      { credentials },
    );
    return Promise.all(
      jobs.map(async job => {
        if (job.state !== 'awaiting-approval' || !job.approval) return job;
        const open =
          job.createdBy !== caller &&
          new Date(job.approval.expiresAt) > new Date() &&
          isAllowedBy(decision, await this.receiverOf(job));
        return { ...job, approval: { ...job.approval, canDecide: open } };
      }),
    );
  }

  /** The scheduled sweep: jobs nobody approved in time expire. */
  async sweep(now = new Date()): Promise<number> {
    let expired = 0;
    for (const id of await this.deps.jobs.dueApprovals(now)) {
      const job = (await this.deps.jobs.getJob(id))!;
      if (await this.expire(job, now)) expired++;
    }
    return expired;
  }

  private async expire(job: ReconstitutionJob, now: Date): Promise<boolean> {
    const reason = `Nobody approved it before ${job.approval?.expiresAt}`;
    const event = await this.deps.auditor.createEvent({
      eventId: 'job-approval-expire',
      severityLevel: 'high',
      meta: { jobId: job.id, environment: job.environment },
    });
    const closed = await this.deps.jobs.closeApproval(job.id, 'expired', {
      actor: 'system:reconstitution-approvals',
      reason,
      now,
    });
    await event.success({ meta: { expired: closed } });
    if (closed) {
      await this.send(
        [job.createdBy],
        job,
        `Expired without approval: reconstitution into ${job.receiver.queue} (${job.environment})`,
        reason,
        'normal',
      );
    }
    return closed;
  }

  private async checkOpen(job: ReconstitutionJob) {
    if (job.state === 'awaiting-approval' && job.approval) {
      if (new Date(job.approval.expiresAt) > new Date()) return;
      await this.expire(job, new Date());
      throw new ConflictError(
        `This job expired at ${job.approval.expiresAt} without approval and will not run`,
      );
    }
    throw new ConflictError(
      `This job does not await approval (it is ${job.state})`,
    );
  }

  /** Ownership as the catalog says now; as stored when it is gone. */
  private async receiverOf(job: ReconstitutionJob) {
    return (
      (await this.deps.receivers.get(job.receiver.entityRef)) ?? {
        entityRef: job.receiver.entityRef,
        ownerRef: job.receiver.ownerRef,
      }
    );
  }

  private async checkDecider(
    credentials: UserCredentials,
    job: ReconstitutionJob,
  ) {
    const who = describeJobApprovers(job.receiver.ownerRef);
    if (credentials.principal.userEntityRef === job.createdBy) {
      throw new NotAllowedError(
        `You asked for this reconstitution job; another member of ${who} must approve it`,
      );
    }
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: reconstitutionJobCreatePermission }],
      { credentials },
    );
    if (!isAllowedBy(decision, await this.receiverOf(job))) {
      throw new NotAllowedError(
        `Only ${who} may decide on jobs into ${job.receiver.entityRef}`,
      );
    }
  }

  private async audited<T>(
    req: Request,
    eventId: string,
    job: ReconstitutionJob,
    fn: () => Promise<T>,
  ): Promise<T> {
    return auditDecision(
      this.deps.auditor,
      {
        eventId,
        request: req,
        meta: {
          jobId: job.id,
          environment: job.environment,
          requestedBy: job.createdBy,
          receiver: {
            entityRef: job.receiver.entityRef,
            queue: job.receiver.queue,
          },
        },
      },
      fn,
    );
  }

  private async send(
    entityRefs: string[],
    job: ReconstitutionJob,
    title: string,
    description: string,
    severity: 'high' | 'normal',
  ) {
    try {
      await this.deps.notify(entityRefs, {
        title,
        description,
        severity,
        link: `/reconstitution/jobs/${job.id}`,
        topic: 'reconstitution-approvals',
        scope: `reconstitution-approval:${job.id}`,
      });
    } catch (error) {
      // The decision stands; the job page shows it anyway.
      this.deps.logger.warn(`Could not send '${title}': ${error}`);
    }
  }
}
