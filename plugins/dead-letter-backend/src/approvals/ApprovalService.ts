import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  ApprovalAction,
  ApprovalState,
  DeadLetterApproval,
  DeadLetterFilter,
  deadLetterDiscardPermission,
  deadLetterReplayPermission,
  describeApprovers,
  ReplayTarget,
} from '@internal/backstage-plugin-dead-letter-common';
import { auditDecision } from '@internal/backstage-plugin-portal-node';
import type { Request } from 'express';
import type {
  ApprovalStore,
  AuditLog,
  DeadLetterResource,
  ReplayStore,
  StoredApproval,
} from '../database';
import { deadLetterRules } from '../permissions';
import { ReplayTargets } from '../services/ReplayTargets';
import { ApprovalSettings } from './config';
import { ApprovalNotification, ApprovalNotifier } from './notify';

const isAllowedBy = createConditionAuthorizer(Object.values(deadLetterRules));

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

const PERMISSIONS = {
  replay: deadLetterReplayPermission,
  discard: deadLetterDiscardPermission,
} as const;

const count = (n: number) => n.toLocaleString('en-GB');

/**
 * Four eyes on production dead letters: large replays and discards wait
 * for a second person. Who may decide is the permission framework's answer
 * to "may this person do the same action on every held message" (their
 * squads own them, or the platform team), never the person who asked.
 */
export class ApprovalService {
  constructor(
    private readonly deps: {
      approvals: ApprovalStore;
      replays: ReplayStore;
      resources: (ids: string[]) => Promise<DeadLetterResource[]>;
      audit: AuditLog;
      auditor: AuditorService;
      permissions: PermissionsService;
      replayTargets: ReplayTargets;
      notifier: ApprovalNotifier;
      logger: LoggerService;
      settings: Map<string, ApprovalSettings>;
      platformTeam: string;
    },
  ) {}

  /** Whether this many messages of this environment need a second person. */
  requires(environment: string, messageCount: number): boolean {
    const settings = this.deps.settings.get(environment);
    return settings !== undefined && messageCount >= settings.minMessages;
  }

  /**
   * Records the request and holds its messages; nothing reaches the
   * broker. The caller has already been checked for the action itself.
   */
  async request(
    req: Request,
    options: {
      action: ApprovalAction;
      environment: string;
      requester: string;
      resources: DeadLetterResource[];
      target?: ReplayTarget;
      filter?: DeadLetterFilter;
      ratePerSecond?: number;
    },
  ): Promise<DeadLetterApproval> {
    const settings = this.deps.settings.get(options.environment)!;
    const ownerRefs = [
      ...new Set(
        options.resources.flatMap(r => (r.ownerRef ? [r.ownerRef] : [])),
      ),
    ].sort();
    const event = await this.deps.auditor.createEvent({
      eventId: 'approval-request',
      severityLevel: 'high',
      request: req,
      meta: {
        action: options.action,
        environment: options.environment,
        messageCount: options.resources.length,
      },
    });
    try {
      const approval = await this.deps.approvals.create({
        action: options.action,
        environment: options.environment,
        requestedBy: options.requester,
        expiresAt: new Date(Date.now() + settings.expiryMs),
        ids: options.resources.map(r => r.id),
        ownerRefs,
        target: options.target,
        filter: options.filter,
        ratePerSecond: options.ratePerSecond,
      });
      await event.success({ meta: { approvalId: approval.id } });
      await this.deps.notifier.send(
        [...ownerRefs, this.deps.platformTeam],
        this.notification(approval, {
          title: `Approval needed: ${this.what(approval)} asked by ${
            approval.requestedBy
          }`,
          description: `Awaiting approval from ${describeApprovers(
            ownerRefs,
          )} (not ${approval.requestedBy}) until ${approval.expiresAt}`,
          severity: 'high',
        }),
      );
      return { ...approval, canDecide: false };
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  async list(
    credentials: BackstageCredentials,
    query: { environment?: string; states?: ApprovalState[]; limit: number },
  ): Promise<DeadLetterApproval[]> {
    const rows = await this.deps.approvals.list(query);
    const decide = await this.decider(credentials);
    return Promise.all(
      rows.map(async a => ({ ...a, canDecide: await decide(a) })),
    );
  }

  async get(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<DeadLetterApproval> {
    const approval = await this.find(id);
    const decide = await this.decider(credentials);
    return { ...approval, canDecide: await decide(approval) };
  }

  /** Executes exactly what was requested, as the requester's action. */
  async approve(
    req: Request,
    credentials: UserCredentials,
    id: string,
  ): Promise<DeadLetterApproval> {
    const approver = credentials.principal.userEntityRef;
    const approval = await this.find(id);
    return this.audited(req, 'approval-approve', approval, async () => {
      await this.checkOpen(approval);
      const resources = await this.checkDecider(credentials, approval);
      const now = new Date();
      if (!(await this.deps.approvals.approve(approval.id, approver, now))) {
        await this.checkOpen((await this.deps.approvals.get(approval.id))!);
        throw new ConflictError(`Request ${approval.id} was decided already`);
      }
      const done = await this.execute(approval.id);
      await this.deps.audit.record({
        actor: approver,
        action: approval.action,
        environment: approval.environment,
        selection: approval.filter
          ? { filter: approval.filter }
          : { ids: resources.map(r => r.id) },
        target: approval.target,
        requested: approval.messageCount,
        affected: done.jobTotal ?? done.affected ?? 0,
        outcome: 'succeeded',
        details: `approved ${approval.requestedBy}'s request ${approval.id}${
          done.jobId ? `; replay job ${done.jobId}` : ''
        }`,
      });
      const decided = (await this.deps.approvals.get(approval.id))!;
      await this.deps.notifier.send(
        [approval.requestedBy],
        this.notification(decided, {
          title: `Approved by ${approver}: ${this.what(decided)}`,
          description: decided.jobId
            ? `Replay job ${decided.jobId} started`
            : `${count(decided.affected ?? 0)} messages handled`,
          severity: 'normal',
        }),
      );
      return { ...decided, canDecide: false };
    });
  }

  async refuse(
    req: Request,
    credentials: UserCredentials,
    id: string,
    reason: string,
  ): Promise<DeadLetterApproval> {
    const refuser = credentials.principal.userEntityRef;
    const approval = await this.find(id);
    return this.audited(req, 'approval-refuse', approval, async () => {
      await this.checkOpen(approval);
      await this.checkDecider(credentials, approval);
      const now = new Date();
      if (
        !(await this.deps.approvals.close(approval.id, 'refused', {
          decidedBy: refuser,
          reason,
          now,
        }))
      ) {
        throw new ConflictError(`Request ${approval.id} was decided already`);
      }
      await this.deps.audit.record({
        actor: refuser,
        action: approval.action,
        environment: approval.environment,
        selection: approval.filter ? { filter: approval.filter } : {},
        target: approval.target,
        requested: approval.messageCount,
        affected: 0,
        outcome: 'denied',
        details: `refused ${approval.requestedBy}'s request ${approval.id}: ${reason}`,
      });
      const decided = (await this.deps.approvals.get(approval.id))!;
      await this.deps.notifier.send(
        [approval.requestedBy],
        this.notification(decided, {
          title: `Refused by ${refuser}: ${this.what(decided)}`,
          description: reason,
          severity: 'normal',
        }),
      );
      return { ...decided, canDecide: false };
    });
  }

  /**
   * The scheduled sweep: requests past their expiry are marked expired and
   * their messages freed; approved requests whose execution a crash cut
   * short are executed (holding makes it run at most once).
   */
  async sweep(now = new Date()): Promise<{ expired: number; resumed: number }> {
    let expired = 0;
    for (const id of await this.deps.approvals.due(now)) {
      if (await this.expire((await this.deps.approvals.get(id))!, now)) {
        expired++;
      }
    }
    const unexecuted = await this.deps.approvals.unexecuted();
    for (const id of unexecuted) {
      await this.execute(id);
    }
    return { expired, resumed: unexecuted.length };
  }

  private async expire(approval: StoredApproval, now: Date): Promise<boolean> {
    const reason = `Nobody approved it before ${approval.expiresAt}`;
    const event = await this.deps.auditor.createEvent({
      eventId: 'approval-expire',
      severityLevel: 'high',
      meta: {
        approvalId: approval.id,
        action: approval.action,
        environment: approval.environment,
        requestedBy: approval.requestedBy,
        messageCount: approval.messageCount,
      },
    });
    const closed = await this.deps.approvals.close(approval.id, 'expired', {
      reason,
      now,
    });
    await event.success({ meta: { expired: closed } });
    if (!closed) return false;
    await this.deps.audit.record({
      actor: 'system:dead-letter-approvals',
      action: approval.action,
      environment: approval.environment,
      selection: approval.filter ? { filter: approval.filter } : {},
      target: approval.target,
      requested: approval.messageCount,
      affected: 0,
      outcome: 'denied',
      details: `${approval.requestedBy}'s request ${approval.id} expired: ${reason}`,
    });
    await this.deps.notifier.send(
      [approval.requestedBy],
      this.notification(approval, {
        title: `Expired without approval: ${this.what(approval)}`,
        description: `${reason}; the messages are free again`,
        severity: 'normal',
      }),
    );
    return true;
  }

  private async execute(id: string) {
    const approval = (await this.deps.approvals.get(id))!;
    if (approval.action === 'discard') {
      const affected = await this.deps.approvals.executeDiscard(id, new Date());
      return { affected };
    }
    try {
      const job = await this.deps.replays.createJob({
        environment: approval.environment,
        createdBy: approval.requestedBy,
        target: approval.target ?? { kind: 'original' },
        filter: approval.filter,
        ratePerSecond: approval.ratePerSecond,
        ids: await this.deps.approvals.messageIds(id),
        heldBy: id,
      });
      await this.deps.approvals.recordJob(id, job.id);
      return { jobId: job.id, jobTotal: job.total };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Nothing is held any more: a previous run took them.
      await this.deps.approvals.recordJob(id, null);
      return { affected: 0 };
    }
  }

  private async find(id: string): Promise<StoredApproval> {
    const approval = await this.deps.approvals.get(id);
    if (!approval) throw new NotFoundError(`No approval request with id ${id}`);
    return approval;
  }

  /** 409 unless the request still awaits approval; an expired one is closed. */
  private async checkOpen(approval: StoredApproval) {
    if (approval.state === 'awaiting-approval') {
      if (new Date(approval.expiresAt) > new Date()) return;
      await this.expire(approval, new Date());
      throw new ConflictError(
        `This request expired at ${approval.expiresAt} and will not run; its messages are free again`,
      );
    }
    throw new ConflictError(
      `This request was ${approval.state}${
        approval.decidedBy ? ` by ${approval.decidedBy}` : ''
      } already`,
    );
  }

  /** 403 for the requester and for anyone who may not do it themselves. */
  private async checkDecider(
    credentials: UserCredentials,
    approval: StoredApproval,
  ): Promise<DeadLetterResource[]> {
    const who = describeApprovers(approval.ownerRefs);
    if (credentials.principal.userEntityRef === approval.requestedBy) {
      throw new NotAllowedError(
        `You asked for this ${approval.action}; another member of ${who} must approve it`,
      );
    }
    const resources = await this.deps.resources(
      await this.deps.approvals.messageIds(approval.id),
    );
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: PERMISSIONS[approval.action] }],
      { credentials },
    );
    const denied = resources.filter(r => !isAllowedBy(decision, r));
    if (denied.length > 0) {
      throw new NotAllowedError(
        `Only ${who} may decide on this ${approval.action}: ${denied.length} of ${resources.length} of its messages belong to components your squads do not own`,
      );
    }
    if (approval.action === 'replay') {
      await this.deps.replayTargets.check(
        credentials,
        approval.target ?? { kind: 'original' },
        resources,
      );
    }
    return resources;
  }

  /** Mirrors checkDecider for lists, without throwing. */
  private async decider(credentials: BackstageCredentials) {
    const caller = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    if (!caller) return async () => false;
    const decisions = await this.deps.permissions.authorizeConditional(
      [{ permission: PERMISSIONS.replay }, { permission: PERMISSIONS.discard }],
      { credentials },
    );
    return async (approval: StoredApproval) => {
      if (
        approval.state !== 'awaiting-approval' ||
        new Date(approval.expiresAt) <= new Date() ||
        approval.requestedBy === caller
      ) {
        return false;
      }
      const decision = decisions[approval.action === 'replay' ? 0 : 1];
      const resources = await this.deps.resources(
        await this.deps.approvals.messageIds(approval.id),
      );
      return resources.every(r => isAllowedBy(decision, r));
    };
  }

  private async audited<T>(
    req: Request,
    eventId: string,
    approval: StoredApproval,
    fn: () => Promise<T>,
  ): Promise<T> {
    return auditDecision(
      this.deps.auditor,
      {
        eventId,
        request: req,
        meta: {
          approvalId: approval.id,
          action: approval.action,
          environment: approval.environment,
          requestedBy: approval.requestedBy,
          messageCount: approval.messageCount,
        },
      },
      fn,
    );
  }

  private what(approval: StoredApproval) {
    return `${approval.action} of ${count(approval.messageCount)} ${
      approval.environment
    } dead letters`;
  }

  private notification(
    approval: StoredApproval,
    text: Pick<ApprovalNotification, 'title' | 'description' | 'severity'>,
  ): ApprovalNotification {
    return {
      ...text,
      link: `/dead-letter/replays?approval=${approval.id}`,
      topic: 'dead-letter-approvals',
      scope: `dead-letter-approval:${approval.id}`,
    };
  }
}
