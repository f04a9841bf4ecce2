export { reconstitutionApiRef } from './ReconstitutionApi';
export type {
  ArchivedProducer,
  DryRunRequest,
  DryRunResult,
  EventSelection,
  ListJobsRequest,
  ListJobsResponse,
  Producer,
  ReconstitutionApi,
  ReconstitutionArchiveStatus,
  ReconstitutionAuditEntry,
  ReconstitutionJob,
  ReconstitutionJobApproval,
  ReconstitutionJobDetail,
  ReconstitutionJobProgress,
  ReconstitutionJobRequest,
  ReconstitutionJobState,
  ReconstitutionProgressSample,
  ReconstitutionReceiver,
} from './ReconstitutionApi';
export { ReconstitutionClient } from './ReconstitutionClient';
