import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { JsonObject } from '@backstage/types';
import {
  CreateReplayRequest,
  CreateReplayResponse,
  DEAD_LETTER_MESSAGE_RESOURCE_TYPE,
  deadLetterDiscardPermission,
  deadLetterReplayPermission,
  DeadLetterFilter,
  DeadLetterState,
  MessageActionResult,
  ReplayJob,
  ReplayTarget,
} from '@internal/backstage-plugin-dead-letter-common';
import type { Request } from 'express';
import { ApprovalService } from '../approvals/ApprovalService';
import type {
  AuditAction,
  AuditLog,
  DeadLetterDatabase,
  DeadLetterResource,
  ReplayStore,
} from '../database';
import { deadLetterRules } from '../permissions';
import { BodyAccessService } from './BodyAccess';
import { ReplayTargets } from './ReplayTargets';

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

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/** A replay as validated: the target is always there (it has a default). */
export type ReplayRequest = CreateReplayRequest & { target: ReplayTarget };

/** One state change of selected messages, as {@link DeadLetterActions} runs it. */
type ActionSpec = {
  action: AuditAction;
  /** Of the auditor event. */
  eventId: string;
  /** Added to the auditor event when the action succeeded. */
  auditMeta?: () => JsonObject;
  permission: ResourcePermission<typeof DEAD_LETTER_MESSAGE_RESOURCE_TYPE>;
  from: DeadLetterState[];
  to: DeadLetterState;
  ids: string[];
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
};

/** The selection an action runs on, with who asked. */
type Selection = {
  ids: string[];
  actor: string;
  credentials: UserCredentials;
  resources: DeadLetterResource[];
  touched: string[];
};

/**
 * Discards, restores, replays and cancels replays of dead letters: only when
 * the user may act on every selected message (all or nothing), held for a
 * second person where four eyes are required, and audited either way: in
 * the plugin's audit log, and as an auditor event (shipped to Humio).
 *
 * `req` is only what the auditor events and approval requests name.
 */
export class DeadLetterActions {
  private readonly audit: AuditLog;
  private readonly replays: ReplayStore;

  constructor(
    private readonly options: {
      auditor: AuditorService;
      permissions: PermissionsService;
      database: DeadLetterDatabase;
      bodyAccess: BodyAccessService;
      replayTargets: ReplayTargets;
      /** Four eyes: large production replays and discards wait for approval. */
      approvals?: ApprovalService;
      /** Most messages one replay job may take by filter. */
      maxJobSize: number;
    },
  ) {
    this.audit = options.database.audit;
    this.replays = options.database.replays;
  }

  /** Unresolved → discarded, or a request awaiting approval. */
  async discard(
    req: Request,
    credentials: UserCredentials,
    ids: string[],
  ): Promise<MessageActionResult> {
    return this.act(req, credentials, {
      action: 'discard',
      eventId: 'messages-discard',
      permission: deadLetterDiscardPermission,
      from: ['unresolved'],
      to: 'discarded',
      ids,
      approval: { action: 'discard' },
    });
  }

  /** Discarded → unresolved. */
  async restore(
    req: Request,
    credentials: UserCredentials,
    ids: string[],
  ): Promise<MessageActionResult> {
    return this.act(req, credentials, {
      action: 'restore',
      eventId: 'messages-restore',
      permission: deadLetterDiscardPermission,
      from: ['discarded'],
      to: 'unresolved',
      ids,
    });
  }

  /**
   * Starts a replay job of unresolved messages chosen by id or by filter
   * (of a known environment), or records it as a request awaiting approval.
   */
  async replay(
    req: Request,
    credentials: UserCredentials,
    request: ReplayRequest,
  ): Promise<CreateReplayResponse> {
    const { filter, target, ratePerSecond } = request;
    const matched = filter
      ? await this.matching(credentials, filter)
      : undefined;
    const ids = matched?.map(m => m.id) ?? request.ids ?? [];
    const selected =
      matched ?? (await this.options.database.resources.resources(ids));
    const { replayTargets } = this.options;
    let job: ReplayJob | undefined;
    const result = await this.act(req, credentials, {
      action: 'replay',
      eventId: 'replay-create',
      auditMeta: () => (job ? { jobId: job.id } : {}),
      permission: deadLetterReplayPermission,
      from: ['unresolved'],
      to: 'replaying',
      ids,
      resources: selected,
      filter,
      target,
      approval: {
        action: 'replay',
        ratePerSecond,
        check: () => replayTargets.check(credentials, target, selected),
      },
      apply: async (chosen, actorRef, environment) => {
        await replayTargets.check(credentials, target, selected);
        job = await this.replays.createJob({
          environment,
          createdBy: actorRef,
          target,
          filter,
          ratePerSecond,
          ids: chosen,
        });
        return job.total;
      },
    });
    return result.approval ? { approval: result.approval } : { job };
  }

  /** The job to cancel; a 404 when there is none. */
  async replayJob(id: string): Promise<ReplayJob> {
    const job = await this.replays.getJob(id);
    if (!job) {
      throw new NotFoundError(`No replay job with id ${id}`);
    }
    return job;
  }

  /**
   * Stops a pending or running job when the user may replay every one of
   * its messages; the unpublished ones are unresolved again.
   */
  async cancelReplay(
    req: Request,
    credentials: UserCredentials,
    job: ReplayJob,
  ): Promise<{ job?: ReplayJob }> {
    const event = await this.options.auditor.createEvent({
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
      const cancelled = await this.cancel(job, credentials);
      await event.success({ meta: { affected: cancelled.affected } });
      return { job: cancelled.job };
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** The unresolved messages a replay filter takes; a 400 for none or too many. */
  private async matching(
    credentials: UserCredentials,
    filter: DeadLetterFilter,
  ): Promise<DeadLetterResource[]> {
    const { database, bodyAccess, maxJobSize } = this.options;
    const restrictTo = filter.q
      ? (await bodyAccess.scope(credentials)).searchable()
      : undefined;
    const onlyUnowned = filter.unowned === true && !filter.owners?.length;
    const matched = await database.resources.matchingResources(
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
    if (matched.length === 0) {
      throw new InputError(
        'Invalid request: filter: no unresolved messages match the filter',
      );
    }
    if (matched.length > maxJobSize) {
      throw new InputError(
        `Invalid request: filter: matches more than ${maxJobSize} unresolved messages, the most one replay job takes; narrow the filter (for example by queue or time range)`,
      );
    }
    return matched;
  }

  /**
   * Moves the selected messages between states when the user may act on
   * every one of them; all or nothing, and audited either way.
   */
  private async act(
    req: Request,
    credentials: UserCredentials,
    spec: ActionSpec,
  ): Promise<MessageActionResult> {
    const { ids } = spec;
    const actor = credentials.principal.userEntityRef;
    const resources =
      spec.resources ?? (await this.options.database.resources.resources(ids));
    const touched = [...new Set(resources.map(r => r.environment))];
    const event = await this.options.auditor.createEvent({
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
      const result = await this.applyAction(req, spec, {
        ids,
        actor,
        credentials,
        resources,
        touched,
      });
      await event.success({
        meta: { ...result, ...(spec.auditMeta?.() ?? {}) } as JsonObject,
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private async applyAction(
    req: Request,
    spec: ActionSpec,
    selected: Selection,
  ): Promise<MessageActionResult> {
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

    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: spec.permission }],
      { credentials },
    );
    const denied = resources.filter(r => !isAllowedBy(decision, r));
    if (denied.length > 0) {
      const details = `${denied.length} of ${resources.length} selected messages belong to components your squads do not own`;
      await this.audit.record({
        ...base,
        affected: 0,
        outcome: 'denied',
        details,
      });
      throw new NotAllowedError(
        `You may ${spec.action} only dead letters of components your squads own: ${details}`,
      );
    }

    if (spec.apply && touched.length !== 1) {
      throw new InputError(
        'Invalid request: ids: all messages must be of one environment',
      );
    }
    const approvals = this.options.approvals;
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
      await this.audit.record({
        ...base,
        affected: 0,
        outcome: 'succeeded',
        details: `sent for approval (request ${approval.id}); nothing is done until another person approves it`,
      });
      return { requested: ids.length, affected: 0, approval };
    }
    const affected = spec.apply
      ? await spec.apply(ids, actor, touched[0])
      : await this.options.database.messages.transition(ids, {
          from: spec.from,
          to: spec.to,
        });
    const skipped = ids.length - affected;
    await this.audit.record({
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

  private async cancel(job: ReplayJob, credentials: UserCredentials) {
    const { database, permissions } = this.options;
    const resources = await database.resources.resources(
      await this.replays.messageIds(job.id),
    );
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
      await this.audit.record({
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
    const cancelled = await this.replays.cancel(
      job.id,
      `Cancelled by ${actor}`,
    );
    if (!cancelled) {
      throw new ConflictError(`Replay job ${job.id} has already ended`);
    }
    const counts = await this.replays.refreshCounts(job.id);
    const affected = counts.total - counts.confirmed - counts.failed;
    await this.audit.record({
      ...base,
      affected,
      outcome: 'succeeded',
      details: `cancelled after ${counts.confirmed} of ${counts.total} messages were replayed; the others are unresolved again`,
    });
    return { job: await this.replays.getJob(job.id), affected };
  }
}
