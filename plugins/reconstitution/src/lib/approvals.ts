import type {
  ReconstitutionJob,
  ReconstitutionJobState,
} from '@internal/backstage-plugin-reconstitution-common';

/** States of a job held for (or closed by) a second person's decision. */
export const APPROVAL_STATES: ReconstitutionJobState[] = [
  'awaiting-approval',
  'refused',
  'expired',
];

/**
 * Who may approve, in words: "Squad Aura or the platform team" with the
 * owner's catalog title when known, else the backend's own wording.
 */
export function approversText(
  job: Pick<ReconstitutionJob, 'approval'>,
  ownerTitle: string | undefined,
): string {
  if (ownerTitle) return `${ownerTitle} or the platform team`;
  return job.approval?.approvers ?? 'the platform team';
}

/**
 * "Awaiting approval from Squad Aura or the platform team (not you)": the
 * requester never approves their own job.
 */
export function awaitingText(approvers: string, isRequester: boolean): string {
  return `Awaiting approval from ${approvers}${
    isRequester ? ' (not you)' : ''
  }`;
}

/** What the requester is told once a job is created awaiting approval. */
export function sentForApprovalText(approvers: string): string {
  return `Sent for approval: another member of ${approvers} must approve it`;
}

/** Most characters of a refusal reason (the backend's limit). */
export const MAX_REASON_LENGTH = 500;

/** Navigation state the "Add job" form leaves for the job's page. */
export type JobCreatedState = { sentForApproval?: boolean };
