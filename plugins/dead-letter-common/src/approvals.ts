import type { DeadLetterFilter, ReplayJob, ReplayTarget } from './types';

/**
 * Where a four-eyes request is: it waits until a second person approves or
 * refuses it, or until it expires. Only an approved request is executed.
 */
export type ApprovalState =
  | 'awaiting-approval'
  | 'approved'
  | 'refused'
  | 'expired';

/** What a request asks for, exactly as it will run once approved. */
export type ApprovalAction = 'replay' | 'discard';

/**
 * A replay or discard of production dead letters held for a second person
 * (`GET /approvals`). The messages are held by the request: nobody else can
 * replay or discard them until it is decided or expires.
 */
export type DeadLetterApproval = {
  id: string;
  action: ApprovalAction;
  environment: string;
  state: ApprovalState;
  /** Entity ref of the user who asked. */
  requestedBy: string;
  requestedAt: string;
  /** After this the request can no longer be approved. */
  expiresAt: string;
  messageCount: number;
  /** Owners of the messages when the request was made (unowned: absent). */
  ownerRefs: string[];
  target?: ReplayTarget;
  filter?: DeadLetterFilter;
  ratePerSecond?: number;
  /** Entity ref of the user who approved or refused. */
  decidedBy?: string;
  decidedAt?: string;
  /** Why it was refused (or expired). */
  reason?: string;
  /** The replay job an approved replay started. */
  jobId?: string;
  /** Messages an approved discard discarded. */
  affected?: number;
  /**
   * The caller may approve or refuse it now: it awaits approval, the caller
   * did not ask for it, and may act on every one of its messages.
   */
  canDecide: boolean;
};

/** `POST /replays` or `POST /messages/discard` answered by a request. */
export type ApprovalRequestedResponse = {
  approval: DeadLetterApproval;
};

/** `POST /replays`: a job started now, or a request awaiting approval. */
export type CreateReplayResponse = {
  job?: ReplayJob;
  approval?: DeadLetterApproval;
};

/** `POST /approvals/:id/approve` and `/refuse`. */
export type ApprovalDecisionResponse = {
  approval: DeadLetterApproval;
};

/** `POST /approvals/:id/refuse` body. */
export type RefuseApprovalRequest = { reason: string };

/**
 * Who may decide, in words: "Squad Aura or the platform team (not you)".
 * Group refs become names: `group:default/squad-aura` → "Squad Aura".
 */
export function describeApprovers(ownerRefs: string[]): string {
  const names = [...new Set(ownerRefs)].map(groupName);
  const squads =
    names.length === 0
      ? ''
      : `${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${
          names[names.length - 1]
        } or `;
  return `${squads}the platform team`;
}

/** `group:default/squad-aura` → "Squad Aura". */
export function groupName(ref: string): string {
  const name = ref.slice(ref.lastIndexOf('/') + 1) || ref;
  return name
    .split(/[-_.]/)
    .filter(Boolean)
    .map(word => word.charAt(0).toLocaleUpperCase('en-GB') + word.slice(1))
    .join(' ');
}
