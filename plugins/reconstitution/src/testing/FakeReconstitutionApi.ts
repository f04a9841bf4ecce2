import { backendError } from '@internal/backstage-plugin-portal-react/testing';
import type {
  ArchivedProducer,
  DryRunRequest,
  DryRunResult,
  ListJobsRequest,
  ListJobsResponse,
  ReconstitutionApi,
  ReconstitutionArchiveStatus,
  ReconstitutionAuditEntry,
  ReconstitutionJob,
  ReconstitutionJobApproval,
  ReconstitutionJobDetail,
  ReconstitutionJobRequest,
  ReconstitutionProgressSample,
  ReconstitutionReceiver,
} from '../api';

// Tests import the backend's errors with the fake.
export { backendError };

/** A job with sensible defaults. */
export function makeJob(
  overrides: Partial<ReconstitutionJob> & { id: string },
): ReconstitutionJob {
  return {
    state: 'running',
    environment: 'dev',
    receiver: {
      entityRef: 'component:default/payments-read-model',
      queue: 'payments-read-model.events',
      ownerRef: 'group:default/squad-payments',
    },
    producer: { domain: 'organisation', entityType: 'organisation-party' },
    source: 'archive',
    eventNames: [],
    entityIdCount: 0,
    createdBy: 'user:default/jane.doe',
    createdAt: new Date(Date.now() - 5 * 60 * 1000).toISOString(),
    ...overrides,
    progress: {
      matched: 100,
      sent: 0,
      confirmed: 0,
      ...overrides.progress,
    },
  };
}

/** A receiver with sensible defaults. */
export function makeReceiver(
  overrides: Partial<ReconstitutionReceiver> & { entityRef: string },
): ReconstitutionReceiver {
  const name = overrides.entityRef.split('/').pop() ?? overrides.entityRef;
  return {
    title: name,
    ownerRef: 'group:default/squad-payments',
    queues: [`${name}.events`],
    ...overrides,
  };
}

/** A producer with sensible defaults. */
export function makeProducer(
  overrides: Partial<ArchivedProducer> = {},
): ArchivedProducer {
  return {
    domain: 'organisation',
    entityType: 'organisation-party',
    source: 'archive',
    environment: 'dev',
    eventNames: ['OrganisationPartyCreated', 'OrganisationPartyUpdated'],
    events: 20000,
    firstOccurredAt: '2023-01-01T00:00:00.000Z',
    lastOccurredAt: '2024-05-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An archive status with sensible defaults. */
export function makeArchiveStatus(
  overrides: Partial<ReconstitutionArchiveStatus> & { environment: string },
): ReconstitutionArchiveStatus {
  return {
    queue: 'portal.reconstitution.archive',
    exchanges: ['integration-events'],
    active: true,
    archived: 20000,
    duplicates: 0,
    skipped: 0,
    parked: 0,
    recentParked: [],
    ...overrides,
  };
}

/**
 * An in-memory {@link ReconstitutionApi} for tests and the dev app. It
 * records the requests it gets and answers roughly like the backend.
 */
export class FakeReconstitutionApi implements ReconstitutionApi {
  archive: ReconstitutionArchiveStatus[];
  producers: ArchivedProducer[];
  receivers: ReconstitutionReceiver[];
  /** Newest first. */
  jobs: ReconstitutionJob[];
  /** Entity ids, samples and audit per job id. */
  details: Record<
    string,
    Partial<Omit<ReconstitutionJobDetail, 'job'>> | undefined
  > = {};
  /** What {@link FakeReconstitutionApi.dryRun} answers. */
  dryRunResult: DryRunResult;
  /** When set, every call fails with it. */
  error?: Error;
  /** When set, `dryRun` fails with it. */
  dryRunError?: Error;
  /** When set, `createJob` fails with it. */
  createError?: Error;
  /** When set, `cancelJob` fails with it. */
  cancelError?: Error;
  /** When set, `approveJob` and `refuseJob` fail with it. */
  decideError?: Error;
  /**
   * Environments whose new jobs await approval (like the backend's prod),
   * from Squad Payments (the default receiver's owner) or the platform team.
   */
  approvalEnvironments: string[] = [];
  /** Who the fake says decided. */
  decider = 'user:default/john.roe';

  readonly listJobsRequests: ListJobsRequest[] = [];
  readonly getJobRequests: string[] = [];
  readonly dryRunRequests: DryRunRequest[] = [];
  readonly createRequests: ReconstitutionJobRequest[] = [];
  readonly cancelRequests: string[] = [];
  readonly approveRequests: string[] = [];
  readonly refuseRequests: Array<{ id: string; reason: string }> = [];
  readonly producerRequests: Array<string | undefined> = [];

  constructor(
    options: {
      archive?: ReconstitutionArchiveStatus[];
      producers?: ArchivedProducer[];
      receivers?: ReconstitutionReceiver[];
      jobs?: ReconstitutionJob[];
      dryRunResult?: DryRunResult;
    } = {},
  ) {
    this.archive = options.archive ?? [
      makeArchiveStatus({ environment: 'dev' }),
      makeArchiveStatus({ environment: 'prod' }),
    ];
    this.producers = options.producers ?? [makeProducer()];
    this.receivers = options.receivers ?? [
      makeReceiver({ entityRef: 'component:default/payments-read-model' }),
    ];
    this.jobs = options.jobs ?? [];
    this.dryRunResult = options.dryRunResult ?? {
      total: 0,
      byEventName: [],
      sample: [],
    };
  }

  private async check() {
    if (this.error) throw this.error;
  }

  async getArchiveStatus() {
    await this.check();
    return this.archive;
  }

  async listProducers(request: { environment?: string } = {}) {
    await this.check();
    this.producerRequests.push(request.environment);
    return this.producers.filter(
      p => !request.environment || p.environment === request.environment,
    );
  }

  async listReceivers() {
    await this.check();
    return this.receivers;
  }

  async dryRun(request: DryRunRequest) {
    await this.check();
    this.dryRunRequests.push(request);
    if (this.dryRunError) throw this.dryRunError;
    return this.dryRunResult;
  }

  async createJob(request: ReconstitutionJobRequest) {
    await this.check();
    this.createRequests.push(request);
    if (this.createError) throw this.createError;
    const receiver = this.receivers.find(
      r => r.entityRef === request.receiver.entityRef,
    );
    const job = makeJob({
      id: `job-${this.createRequests.length}`,
      state: 'pending',
      environment: request.environment,
      receiver: { ...request.receiver, ownerRef: receiver?.ownerRef },
      producer: { domain: request.domain, entityType: request.entityType },
      source: request.source ?? 'archive',
      from: request.from,
      to: request.to,
      eventNames: request.eventNames ?? [],
      entityIdCount: request.entityIds?.length ?? 0,
      ratePerSecond: request.ratePerSecond,
      createdAt: new Date().toISOString(),
      progress: { matched: this.dryRunResult.total, sent: 0, confirmed: 0 },
      ...(this.approvalEnvironments.includes(request.environment)
        ? {
            state: 'awaiting-approval' as const,
            approval: makeApproval({
              approvers: `${
                receiver?.ownerRef ? 'Squad Payments or ' : ''
              }the platform team`,
            }),
          }
        : {}),
    });
    this.jobs.unshift(job);
    return job;
  }

  async listJobs(request: ListJobsRequest = {}): Promise<ListJobsResponse> {
    await this.check();
    this.listJobsRequests.push(request);
    const matching = this.jobs.filter(
      job =>
        (!request.states?.length || request.states.includes(job.state)) &&
        (!request.environment || job.environment === request.environment) &&
        (!request.receiver || job.receiver.entityRef === request.receiver),
    );
    const start = request.cursor ? Number(request.cursor) : 0;
    const limit = request.limit ?? 50;
    const items = matching.slice(start, start + limit);
    return {
      items,
      nextCursor:
        start + limit < matching.length ? String(start + limit) : undefined,
    };
  }

  async getJob(id: string): Promise<ReconstitutionJobDetail> {
    await this.check();
    this.getJobRequests.push(id);
    const job = this.jobs.find(j => j.id === id);
    if (!job) {
      throw await backendError(
        404,
        'NotFoundError',
        `No reconstitution job with id ${id}`,
      );
    }
    const detail = this.details[id] ?? {};
    return {
      job,
      entityIds: detail.entityIds ?? [],
      progressSamples: detail.progressSamples ?? [],
      audit: detail.audit ?? [],
    };
  }

  async cancelJob(id: string) {
    await this.check();
    this.cancelRequests.push(id);
    if (this.cancelError) throw this.cancelError;
    const index = this.jobs.findIndex(j => j.id === id);
    if (index < 0) {
      throw await backendError(
        404,
        'NotFoundError',
        `No reconstitution job with id ${id}`,
      );
    }
    const job: ReconstitutionJob = {
      ...this.jobs[index],
      state: 'cancelled',
      reason: 'Cancelled by user:default/jane.doe',
      finishedAt: new Date().toISOString(),
    };
    this.jobs[index] = job;
    return job;
  }

  async approveJob(id: string) {
    await this.check();
    this.approveRequests.push(id);
    return this.decide(id, approval => ({
      state: 'pending',
      approval: {
        ...approval,
        decidedBy: this.decider,
        decidedAt: new Date().toISOString(),
      },
    }));
  }

  async refuseJob(id: string, reason: string) {
    await this.check();
    this.refuseRequests.push({ id, reason });
    return this.decide(id, approval => ({
      state: 'refused',
      reason,
      finishedAt: new Date().toISOString(),
      approval: {
        ...approval,
        decidedBy: this.decider,
        decidedAt: new Date().toISOString(),
        reason,
      },
    }));
  }

  private async decide(
    id: string,
    change: (approval: ReconstitutionJobApproval) => Partial<ReconstitutionJob>,
  ): Promise<ReconstitutionJob> {
    if (this.decideError) throw this.decideError;
    const index = this.jobs.findIndex(j => j.id === id);
    const current = this.jobs[index];
    if (!current) {
      throw await backendError(
        404,
        'NotFoundError',
        `No reconstitution job with id ${id}`,
      );
    }
    if (current.state !== 'awaiting-approval' || !current.approval) {
      throw await backendError(
        409,
        'ConflictError',
        `This job does not await approval (it is ${current.state})`,
      );
    }
    const job: ReconstitutionJob = {
      ...current,
      ...change({ ...current.approval, canDecide: false }),
    };
    this.jobs[index] = job;
    return job;
  }
}

/** An approval awaiting a decision, the caller allowed to decide. */
export function makeApproval(
  overrides: Partial<ReconstitutionJobApproval> = {},
): ReconstitutionJobApproval {
  return {
    expiresAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
    approvers: 'Squad Payments or the platform team',
    canDecide: true,
    ...overrides,
  };
}

/** Progress samples of a job that confirmed `perStep` events a minute. */
export function makeSamples(
  steps: number,
  perStep: number,
  start = '2024-05-01T10:00:00.000Z',
): ReconstitutionProgressSample[] {
  const t0 = new Date(start).getTime();
  return Array.from({ length: steps }, (_, i) => ({
    at: new Date(t0 + i * 60_000).toISOString(),
    sent: i * perStep,
    confirmed: i * perStep,
  }));
}

/** An audit entry with sensible defaults. */
export function makeAuditEntry(
  overrides: Partial<ReconstitutionAuditEntry> = {},
): ReconstitutionAuditEntry {
  return {
    at: '2024-05-01T10:00:00.000Z',
    actor: 'user:default/jane.doe',
    action: 'create',
    jobId: 'j1',
    ...overrides,
  };
}
