import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DateTime } from '@internal/backstage-plugin-portal-react';
import type { DeadLetterApproval } from '../../api';
import { useApprovers } from '../../hooks/useApprovers';
import { requestSummary, sentForApprovalText } from '../../lib/approvals';
import { approvalsRouteRef } from '../../routes';

/**
 * A replay or discard the backend held for a second person: nothing was
 * done yet, who must approve it, until when, and where requests are listed.
 */
export function ApprovalSentNotice(props: {
  approval: DeadLetterApproval;
  onDismiss?: () => void;
}) {
  const { approval, onDismiss } = props;
  const approvers = useApprovers(approval.ownerRefs);
  const approvalsRoute = useRouteRef(approvalsRouteRef);
  return (
    <Alert
      severity="info"
      onClose={onDismiss}
      role="status"
      aria-label="Sent for approval"
      data-testid="approval-sent"
    >
      <AlertTitle>{sentForApprovalText(approvers)}</AlertTitle>
      {requestSummary(approval)} in {approval.environment}: nothing happens
      until it is approved, by <DateTime value={approval.expiresAt} />; the
      messages are held meanwhile.{' '}
      {approvalsRoute && (
        <Link to={approvalsRoute()}>View approval requests</Link>
      )}
    </Alert>
  );
}
