import { useApi } from '@backstage/frontend-plugin-api';
import { useDecision } from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef, DeadLetterApproval } from '../../api';
import { MAX_REASON_LENGTH, requestSummary } from '../../lib/approvals';

/**
 * Approving (after confirmation: it runs exactly as asked) or refusing (with
 * a reason the requester sees) a request. The backend decides who may; its
 * refusal (403 for the requester or a non-owner, 409 when someone decided
 * first or it expired) shows in the dialog. `onDecided` gets the request as
 * it now is; `onChanged` runs after any attempt.
 */
export function useDecideApproval(
  options: {
    onDecided?: (approval: DeadLetterApproval) => void;
    onChanged?: () => void;
  } = {},
) {
  const api = useApi(deadLetterApiRef);
  return useDecision<DeadLetterApproval>({
    ...options,
    decide: (kind, approval, reason) =>
      kind === 'approve'
        ? api.approveRequest(approval.id)
        : api.refuseRequest(approval.id, reason),
    describe: (approval, approving) => (
      <>
        {requestSummary(approval)} in {approval.environment}, asked by{' '}
        {approval.requestedBy}.{' '}
        {approving
          ? 'Once approved it runs exactly as asked.'
          : 'A refused request never runs; its messages are free again and the requester is told why.'}
      </>
    ),
    noun: 'request',
    idPrefix: 'dead-letter',
    maxReasonLength: MAX_REASON_LENGTH,
  });
}
