import type { DeadLetterApproval } from '@internal/backstage-plugin-dead-letter-common';
import { plural } from '@internal/backstage-plugin-portal-react';
import { describeTarget } from './replay';

/** "Squad Aura or Squad Orion or the platform team", from squads' names. */
export function approversText(squadNames: string[]): string {
  const names = [...new Set(squadNames)];
  if (names.length === 0) return 'the platform team';
  const squads =
    names.length === 1
      ? names[0]
      : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `${squads} or the platform team`;
}

/**
 * "Awaiting approval from Squad Aura or the platform team (not you)": the
 * requester never approves their own request.
 */
export function awaitingText(approvers: string, isRequester: boolean): string {
  return `Awaiting approval from ${approvers}${
    isRequester ? ' (not you)' : ''
  }`;
}

/** What the requester is told once a request is recorded. */
export function sentForApprovalText(approvers: string): string {
  return `Sent for approval: another member of ${approvers} must approve it`;
}

/** "Replay 150 messages to the original exchange", "Discard 120 messages". */
export function requestSummary(approval: DeadLetterApproval): string {
  const messages = plural(approval.messageCount, 'message');
  if (approval.action === 'discard') return `Discard ${messages}`;
  return `Replay ${messages} to ${describeTarget(
    approval.target ?? { kind: 'original' },
  ).replace(/^./, c => c.toLowerCase())}`;
}

/** `AWAITING APPROVAL` */
export function approvalStateLabel(state: DeadLetterApproval['state']) {
  return state.replace(/-/g, ' ').toUpperCase();
}

/** Most characters of a refusal reason (the backend's limit). */
export const MAX_REASON_LENGTH = 500;
