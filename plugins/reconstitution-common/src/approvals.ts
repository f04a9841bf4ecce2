/**
 * Four eyes on a job into a production receiver: it is created
 * `awaiting-approval` and runs only once another owner of the receiver (or
 * the platform team) approves it; never the person who asked.
 */
export type ReconstitutionJobApproval = {
  /** After this the job can no longer be approved (it expires). */
  expiresAt: string;
  /** Who may decide, in words: "Squad Aura or the platform team". */
  approvers: string;
  /** Entity ref of the user who approved or refused. */
  decidedBy?: string;
  decidedAt?: string;
  /** Why it was refused. */
  reason?: string;
  /** The caller may approve or refuse it now (computed per caller). */
  canDecide: boolean;
};

/** `POST /jobs/:id/refuse` body. */
export type RefuseReconstitutionJobRequest = { reason: string };

/** `group:default/squad-aura` → "Squad Aura". */
export function approverGroupName(ref: string): string {
  const name = ref.slice(ref.lastIndexOf('/') + 1) || ref;
  return name
    .split(/[-_.]/)
    .filter(Boolean)
    .map(word => word.charAt(0).toLocaleUpperCase('en-GB') + word.slice(1))
    .join(' ');
}

/** "Squad Aura or the platform team" for the receiver's owner. */
export function describeJobApprovers(ownerRef?: string): string {
  return `${
    ownerRef ? `${approverGroupName(ownerRef)} or ` : ''
  }the platform team`;
}
