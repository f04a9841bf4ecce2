import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  EntityRef,
  plural,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { DeadLetterApproval } from '../../api';
import { useApprovers } from '../../hooks/useApprovers';
import { awaitingText } from '../../lib/approvals';
import { replayRouteRef } from '../../routes';
import { useApprovalStyles } from './styles';

/** Where the request stands and who may move it on, as plain text. */
export function ApprovalStanding(props: {
  approval: DeadLetterApproval;
  userRef?: string;
}) {
  const { approval, userRef } = props;
  const classes = useApprovalStyles();
  const approvers = useApprovers(approval.ownerRefs);
  const replayRoute = useRouteRef(replayRouteRef);
  switch (approval.state) {
    case 'awaiting-approval':
      return (
        <span className={classes.secondary}>
          {awaitingText(approvers, userRef === approval.requestedBy)}
        </span>
      );
    case 'approved':
      return (
        <span className={classes.secondary}>
          Approved by{' '}
          <EntityRef entityRef={approval.decidedBy} defaultKind="user" />{' '}
          <RelativeTime value={approval.decidedAt} />
          {approval.jobId && replayRoute && (
            <>
              {' · '}
              <Link to={replayRoute({ id: approval.jobId })}>
                View the replay
              </Link>
            </>
          )}
          {approval.affected !== undefined &&
            ` · ${plural(approval.affected, 'message')} discarded`}
        </span>
      );
    case 'refused':
      return (
        <span className={`${classes.secondary} ${classes.wrap}`}>
          Refused by{' '}
          <EntityRef entityRef={approval.decidedBy} defaultKind="user" />:{' '}
          {approval.reason ?? 'no reason given'}
        </span>
      );
    default:
      return (
        <span className={classes.secondary}>
          Nobody approved it in time; it will not run
        </span>
      );
  }
}
