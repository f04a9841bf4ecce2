import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ArchivedProducer,
  DryRunResult,
  EventSelection,
  ReconstitutionArchiveStatus,
  ReconstitutionJob,
  ReconstitutionJobDetail,
  ReconstitutionJobRequest,
  ReconstitutionJobState,
  ReconstitutionReceiver,
} from '@internal/backstage-plugin-reconstitution-common';

export type {
  ArchivedProducer,
  DryRunResult,
  EventSelection,
  Producer,
  ReconstitutionJobApproval,
  ReconstitutionArchiveStatus,
  ReconstitutionAuditEntry,
  ReconstitutionJob,
  ReconstitutionJobDetail,
  ReconstitutionJobProgress,
  ReconstitutionJobRequest,
  ReconstitutionJobState,
  ReconstitutionProgressSample,
  ReconstitutionReceiver,
} from '@internal/backstage-plugin-reconstitution-common';

/** `POST /dry-run`: a selection and how many matching events to show. */
export type DryRunRequest = EventSelection & {
  /** 0..100; the backend shows 10 when not given. */
  sampleSize?: number;
};

/** Filters and page of {@link ReconstitutionApi.listJobs}. */
export type ListJobsRequest = {
  /** Any of these states; any state when empty or absent. */
  states?: ReconstitutionJobState[];
  environment?: string;
  /** Entity ref of the receiving component. */
  receiver?: string;
  /** Page size. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
};

/** A page of jobs, newest first. */
export type ListJobsResponse = {
  items: ReconstitutionJob[];
  /** Present when there may be more jobs. */
  nextCursor?: string;
};

/** Reads the archive and runs reconstitution jobs through the backend. */
export interface ReconstitutionApi {
  /** The archive of each environment (connected?, how many events). */
  getArchiveStatus(): Promise<ReconstitutionArchiveStatus[]>;
  /** The producers the archive has events of, in one or all environments. */
  listProducers(request?: {
    environment?: string;
  }): Promise<ArchivedProducer[]>;
  /** Catalog components that declare queues (can receive events). */
  listReceivers(): Promise<ReconstitutionReceiver[]>;
  /** Counts what a job would deliver; sends nothing. */
  dryRun(request: DryRunRequest): Promise<DryRunResult>;
  /** Starts delivering the selected events to the receiver's queue. */
  createJob(request: ReconstitutionJobRequest): Promise<ReconstitutionJob>;
  /** Jobs, newest first. */
  listJobs(request?: ListJobsRequest): Promise<ListJobsResponse>;
  /** A job, its first entity ids, its progress over time and its audit. */
  getJob(id: string): Promise<ReconstitutionJobDetail>;
  /** Stops a pending or running job. */
  cancelJob(id: string): Promise<ReconstitutionJob>;
  /**
   * Approves a job awaiting approval (four eyes): it becomes pending and
   * runs. Only someone else than the requester who may create it can.
   */
  approveJob(id: string): Promise<ReconstitutionJob>;
  /** Refuses a job awaiting approval, saying why; it never runs. */
  refuseJob(id: string, reason: string): Promise<ReconstitutionJob>;
}

/** The {@link ReconstitutionApi}. */
export const reconstitutionApiRef = createApiRef<ReconstitutionApi>().with({
  id: 'plugin.reconstitution.api',
  pluginId: 'reconstitution',
});
