import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { DateTime, EntityRef } from '@internal/backstage-plugin-portal-react';
import type { DeadLetterApproval } from '../../api';
import { approvalStateLabel, requestSummary } from '../../lib/approvals';
import { describeTarget, filterEntries } from '../../lib/replay';
import { useApprovalStyles } from './styles';
import { ApprovalStanding } from './ApprovalStanding';

/**
 * One request: state, what and how many (target, filters), environment,
 * who asked and when, until when, and where it stands, with Approve and
 * Refuse where the caller may decide.
 */
export function ApprovalRow(props: {
  approval: DeadLetterApproval;
  userRef?: string;
  busy: boolean;
  onApprove: (approval: DeadLetterApproval) => void;
  onRefuse: (approval: DeadLetterApproval) => void;
}) {
  const { approval, userRef, busy, onApprove, onRefuse } = props;
  const classes = useApprovalStyles();
  const chipClass: Partial<Record<DeadLetterApproval['state'], string>> = {
    'awaiting-approval': classes.awaiting,
    refused: classes.refused,
  };
  return (
    <TableRow data-testid={`approval-${approval.id}`}>
      <TableCell>
        <Chip
          size="small"
          label={approvalStateLabel(approval.state)}
          className={chipClass[approval.state]}
        />
      </TableCell>
      <TableCell className={classes.wrap}>
        {requestSummary(approval)}
        {approval.action === 'replay' && (
          <span className={classes.secondary}>
            Target: {describeTarget(approval.target)}
          </span>
        )}
        {approval.filter && (
          <span className={classes.secondary}>
            {filterEntries(approval.filter)
              .map(([label, value]) => `${label}: ${value}`)
              .join(' · ')}
          </span>
        )}
      </TableCell>
      <TableCell>{approval.environment}</TableCell>
      <TableCell>
        <EntityRef entityRef={approval.requestedBy} defaultKind="user" />
        <span className={classes.secondary}>
          <DateTime value={approval.requestedAt} />
        </span>
      </TableCell>
      <TableCell>
        <DateTime value={approval.expiresAt} />
      </TableCell>
      <TableCell>
        <ApprovalStanding approval={approval} userRef={userRef} />
        {approval.canDecide && approval.state === 'awaiting-approval' && (
          <Box className={classes.buttons} mt={0.5}>
            <Button
              size="small"
              variant="contained"
              color="primary"
              onClick={() => onApprove(approval)}
              disabled={busy}
            >
              Approve
            </Button>
            <Button
              size="small"
              variant="outlined"
              color="secondary"
              onClick={() => onRefuse(approval)}
              disabled={busy}
            >
              Refuse
            </Button>
          </Box>
        )}
      </TableCell>
    </TableRow>
  );
}
