import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deadLetterReadPermission,
  DeadLetterCount,
  DeadLetterEnvironment,
  DeadLetterFailureGroup,
  DeadLetterMessage,
  DeadLetterQueueConflict,
  DeadLetterState,
  ListAuditResponse,
  ListMessagesResponse,
  ReplayJob,
  ReplayJobDetail,
} from '@internal/backstage-plugin-dead-letter-common';
import { AmqpEnvironments } from '@internal/amqp-node';
import type { Request } from 'express';
import { CaptureService } from '../capture/CaptureService';
import { QueueDiscovery } from '../capture/QueueDiscovery';
import type {
  AuditLog,
  DeadLetterDatabase,
  DeadLetterListQuery,
  ReplayStore,
} from '../database';
import { BodyAccessService, BodyReadScope } from './BodyAccess';
import { ReplayTargets } from './ReplayTargets';

/**
 * What the portal reads: messages, counts, failure groups, replay jobs, the
 * audit log and how capturing is doing. Reading is all or nothing; message
 * content is what the caller's body-access scope shows.
 */
export class DeadLetterReader {
  private readonly audit: AuditLog;
  private readonly replays: ReplayStore;

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      database: DeadLetterDatabase;
      bodyAccess: BodyAccessService;
      replayTargets: ReplayTargets;
      capture: CaptureService;
      discovery?: QueueDiscovery;
      amqp: AmqpEnvironments;
      environments: string[];
    },
  ) {
    this.audit = options.database.audit;
    this.replays = options.database.replays;
  }

  /** A 403 unless the caller may read dead letters. */
  async authorize(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: deadLetterReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      // Conditional read access is not offered: reading is all or nothing.
      throw new NotAllowedError('You may not read dead letters');
    }
  }

  /** Reading is allowed; content is what the caller's scope shows. */
  private async scope(
    credentials: BackstageCredentials,
  ): Promise<BodyReadScope> {
    await this.authorize(credentials);
    return this.options.bodyAccess.scope(credentials);
  }

  async listMessages(
    credentials: BackstageCredentials,
    query: Omit<DeadLetterListQuery, 'restrictTo'>,
  ): Promise<ListMessagesResponse> {
    const scope = await this.scope(credentials);
    // Text is searched only where the caller may read what it is found in.
    const page = await this.options.database.queries.list({
      ...query,
      restrictTo: query.text ? scope.searchable() : undefined,
    });
    return { ...page, items: page.items.map(m => scope.summary(m)) };
  }

  /** One message; reads of restricted content are audited (`req` names the read). */
  async getMessage(
    req: Request,
    credentials: BackstageCredentials,
    id: string,
  ): Promise<DeadLetterMessage> {
    const scope = await this.scope(credentials);
    const stored = await this.options.database.queries.get(id);
    if (!stored) {
      throw new NotFoundError(`No dead letter with id ${id}`);
    }
    const message = scope.message(stored);
    await this.options.bodyAccess.auditRead(req, scope, [message]);
    return message;
  }

  async counts(
    credentials: BackstageCredentials,
    query: { ownerRefs?: string[]; states?: DeadLetterState[] },
  ): Promise<DeadLetterCount[]> {
    await this.authorize(credentials);
    return this.options.database.queries.counts(query);
  }

  async failureGroups(
    credentials: BackstageCredentials,
    query: {
      environment: string;
      ownerRefs?: string[];
      states?: DeadLetterState[];
    },
  ): Promise<DeadLetterFailureGroup[]> {
    await this.authorize(credentials);
    return this.options.database.queries.failureGroups(query);
  }

  async listReplays(
    credentials: BackstageCredentials,
    query: { environment?: string; limit: number },
  ): Promise<ReplayJob[]> {
    const scope = await this.scope(credentials);
    const items = await this.replays.listJobs(query);
    return items.map(job => scope.job(job));
  }

  async getReplay(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<ReplayJobDetail> {
    const scope = await this.scope(credentials);
    const job = await this.replays.getJob(id);
    if (!job) {
      throw new NotFoundError(`No replay job with id ${id}`);
    }
    const { items, truncated } = await this.replays.items(job.id);
    return { job: scope.job(job), items, itemsTruncated: truncated };
  }

  async auditLog(
    credentials: BackstageCredentials,
    query: { limit: number; cursor?: string },
  ): Promise<ListAuditResponse> {
    const scope = await this.scope(credentials);
    const page = await this.audit.list(query);
    return { ...page, items: page.items.map(e => scope.auditEntry(e)) };
  }

  async queueConflicts(
    credentials: BackstageCredentials,
  ): Promise<DeadLetterQueueConflict[]> {
    await this.authorize(credentials);
    return this.options.replayTargets.conflicts();
  }

  /** Each environment's broker connection, captured queues and discovery. */
  async environments(
    credentials: BackstageCredentials,
  ): Promise<DeadLetterEnvironment[]> {
    await this.authorize(credentials);
    const { amqp, capture, discovery } = this.options;
    const captures = capture.status();
    return this.options.environments.map(name => ({
      name,
      connection: amqp.get(name)?.status() ?? {
        environment: name,
        state: 'disconnected',
        since: new Date(0).toISOString(),
        lastError: `No broker configured for '${name}' (amqp.environments.${name}.url)`,
      },
      queues: captures.filter(c => c.environment === name),
      discovery: discovery?.status(name),
    }));
  }
}
