import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  AuditEntry,
  DeadLetterFilter,
  DeadLetterMessage,
  DeadLetterSummary,
  deadLetterReadBodyPermission,
  ReplayJob,
} from '@internal/backstage-plugin-dead-letter-common';
import type { Request } from 'express';
import { BodyAccess } from '../config';
import type { DeadLetterResource } from '../database';
import { DeadLetterOwnerFilter, deadLetterRules } from '../permissions';

const isAllowedBy = createConditionAuthorizer(Object.values(deadLetterRules));
const toOwnerFilter: ConditionTransformer<DeadLetterOwnerFilter> =
  createConditionTransformer(Object.values(deadLetterRules));

/** Message ids named in one body-read audit event. */
const MAX_AUDITED_IDS = 100;

/**
 * Which messages' content one caller may read: everything in environments
 * whose `bodyAccess` is `everyone`, and elsewhere what the permission
 * framework allows (`dead-letter.message.read.body`, decided per message).
 */
export class BodyReadScope {
  constructor(
    private readonly access: ReadonlyMap<string, BodyAccess>,
    private readonly decision: PolicyDecision | undefined,
    private readonly actor: string | undefined,
  ) {}

  /** Whether every message's content is readable (nothing to withhold). */
  get all(): boolean {
    return (
      this.decision === undefined ||
      this.decision.result === AuthorizeResult.ALLOW
    );
  }

  /** Whether `environment` is one where reads of bodies are restricted. */
  restricted(environment: string | undefined): boolean {
    return (
      environment === undefined || this.access.get(environment) !== 'everyone'
    );
  }

  canRead(resource: DeadLetterResource): boolean {
    if (!this.restricted(resource.environment) || this.all) {
      return true;
    }
    return isAllowedBy(this.decision!, resource);
  }

  /**
   * The rows a text search may look into, for the store (undefined: all).
   * Built from the conditional decision's query filter; criteria it cannot
   * express as a set of owners (a `not`) match no restricted row.
   */
  searchable(): { environments: string[]; ownerRefs: string[] } | undefined {
    if (this.all) {
      return undefined;
    }
    const environments = [...this.access]
      .filter(([, access]) => access === 'everyone')
      .map(([name]) => name);
    const decision = this.decision!;
    const ownerRefs =
      decision.result === AuthorizeResult.CONDITIONAL
        ? [...ownersOf(toOwnerFilter(decision.conditions))]
        : [];
    return { environments, ownerRefs };
  }

  summary(message: DeadLetterSummary): DeadLetterSummary {
    return this.canRead(message) ? message : { ...message, bodyWithheld: true };
  }

  message(message: DeadLetterMessage): DeadLetterMessage {
    if (this.canRead(message)) {
      return message;
    }
    // The death history (queues, reasons, times, routing keys) is metadata;
    // headers and properties can carry anything the producer put there.
    return {
      ...message,
      bodyBase64: '',
      headers: {},
      properties: {},
      bodyWithheld: true,
    };
  }

  /** A search text quotes what was searched for: shown like a body. */
  filter<T extends Partial<DeadLetterFilter>>(
    filter: T | undefined,
    environment: string | undefined,
    owner: string,
  ): T | undefined {
    if (
      filter?.q === undefined ||
      !this.restricted(environment) ||
      this.all ||
      owner === this.actor
    ) {
      return filter;
    }
    const { q: _q, ...rest } = filter;
    return { ...rest, qWithheld: true } as T;
  }

  job(job: ReplayJob): ReplayJob {
    const filter = this.filter(job.filter, job.environment, job.createdBy);
    return filter === job.filter ? job : { ...job, filter };
  }

  auditEntry(entry: AuditEntry): AuditEntry {
    const filter = this.filter(
      entry.selection.filter as Partial<DeadLetterFilter> | undefined,
      entry.environment,
      entry.actor,
    );
    return filter === entry.selection.filter
      ? entry
      : { ...entry, selection: { ...entry.selection, filter } };
  }
}

/** Owner refs a criteria tree allows (intersections for allOf). */
function ownersOf(
  criteria: PermissionCriteria<DeadLetterOwnerFilter>,
): Set<string> {
  if ('anyOf' in criteria) {
    const all = new Set<string>();
    for (const c of criteria.anyOf) ownersOf(c).forEach(o => all.add(o));
    return all;
  }
  if ('allOf' in criteria) {
    const [first, ...others] = criteria.allOf.map(ownersOf);
    return new Set(
      [...(first ?? [])].filter(o => others.every(set => set.has(o))),
    );
  }
  if ('not' in criteria) {
    return new Set();
  }
  return new Set(criteria.ownerRefs);
}

/**
 * Decides who reads dead-letter content per environment, and audits reads
 * of restricted content.
 */
export class BodyAccessService {
  private readonly access: ReadonlyMap<string, BodyAccess>;

  static create(options: {
    permissions: PermissionsService;
    auditor: AuditorService;
    environments: Array<{ name: string; bodyAccess: BodyAccess }>;
  }) {
    return new BodyAccessService(options);
  }

  private constructor(
    private readonly options: {
      permissions: PermissionsService;
      auditor: AuditorService;
      environments: Array<{ name: string; bodyAccess: BodyAccess }>;
    },
  ) {
    this.access = new Map(
      options.environments.map(e => [e.name, e.bodyAccess]),
    );
  }

  /** The caller's scope; asks the permission framework only when needed. */
  async scope(credentials: BackstageCredentials): Promise<BodyReadScope> {
    const actor =
      credentials.principal &&
      (credentials.principal as { type?: string }).type === 'user'
        ? (credentials.principal as { userEntityRef: string }).userEntityRef
        : undefined;
    if ([...this.access.values()].every(a => a === 'everyone')) {
      return new BodyReadScope(this.access, undefined, actor);
    }
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: deadLetterReadBodyPermission }],
      { credentials },
    );
    return new BodyReadScope(this.access, decision, actor);
  }

  /**
   * Audits content of restricted environments handed to the caller (low
   * severity: a read, not a change). Nothing is audited for open ones.
   */
  async auditRead(
    request: Request,
    scope: BodyReadScope,
    messages: Array<DeadLetterSummary & { bodyWithheld?: boolean }>,
  ): Promise<void> {
    const read = messages.filter(
      m => !m.bodyWithheld && scope.restricted(m.environment),
    );
    if (read.length === 0) {
      return;
    }
    const environments = [...new Set(read.map(m => m.environment))];
    const event = await this.options.auditor.createEvent({
      eventId: 'dead-letter-body-read',
      severityLevel: 'low',
      request,
      meta: {
        environments,
        messageCount: read.length,
        messageIds: read.slice(0, MAX_AUDITED_IDS).map(m => m.id),
      },
    });
    await event.success();
  }
}
