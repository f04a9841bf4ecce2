import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DateTime, EntityRef } from '@internal/backstage-plugin-portal-react';
import type { ReconstitutionJob } from '../../api';
import { useApprovers } from '../../hooks/useApprovers';
import { awaitingText } from '../../lib/approvals';

const useStyles = makeStyles(theme => ({
  reason: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  inline: {
    display: 'block',
    marginTop: theme.spacing(0.5),
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    maxWidth: 260,
  },
  buttons: {
    display: 'flex',
    gap: theme.spacing(1),
    marginTop: theme.spacing(0.5),
  },
}));

type Props = {
  job: ReconstitutionJob;
  /** The signed-in user: the requester is told it is not theirs to approve. */
  userRef?: string;
  /** A page's alert, or a table cell's few words. */
  variant?: 'alert' | 'inline';
  onApprove?: (job: ReconstitutionJob) => void;
  onRefuse?: (job: ReconstitutionJob) => void;
  busy?: boolean;
};

/** Approve and Refuse, only where the backend said the caller may decide. */
function DecideButtons(props: Props) {
  const { job, onApprove, onRefuse, busy, variant } = props;
  const classes = useStyles();
  if (!job.approval?.canDecide || job.state !== 'awaiting-approval') {
    return null;
  }
  const size = variant === 'inline' ? 'small' : 'medium';
  return (
    <Box className={classes.buttons}>
      {onApprove && (
        <Button
          size={size}
          variant="contained"
          color="primary"
          onClick={() => onApprove(job)}
          disabled={busy}
        >
          Approve
        </Button>
      )}
      {onRefuse && (
        <Button
          size={size}
          variant="outlined"
          color="secondary"
          onClick={() => onRefuse(job)}
          disabled={busy}
        >
          Refuse
        </Button>
      )}
    </Box>
  );
}

/**
 * Where a job stands with four eyes: awaiting approval from whom (with "(not
 * you)" for the requester) and until when, refused by whom and why, or
 * expired; nothing for other states. The reason is plain text.
 */
export function JobApproval(props: Props) {
  const { job, userRef, variant = 'alert' } = props;
  const classes = useStyles();
  const approvers = useApprovers(job);
  const approval = job.approval;
  if (!approval) return null;

  let title: string;
  let body: JSX.Element;
  let severity: 'warning' | 'error' | 'info';
  switch (job.state) {
    case 'awaiting-approval':
      title = 'Awaiting approval';
      severity = 'warning';
      body = (
        <span>
          {awaitingText(approvers, userRef === job.createdBy)}, until{' '}
          <DateTime value={approval.expiresAt} />.
        </span>
      );
      break;
    case 'refused':
      title = 'Refused';
      severity = 'error';
      body = (
        <span>
          Refused by{' '}
          <EntityRef entityRef={approval.decidedBy} defaultKind="user" />
          {approval.decidedAt && (
            <>
              {' '}
              on <DateTime value={approval.decidedAt} />
            </>
          )}
          :{' '}
          <span className={classes.reason}>
            {approval.reason ?? job.reason ?? 'no reason given'}
          </span>
        </span>
      );
      break;
    case 'expired':
      title = 'Expired';
      severity = 'info';
      body = (
        <span>
          Expired without approval: nobody approved it before{' '}
          <DateTime value={approval.expiresAt} />. It will not run.
        </span>
      );
      break;
    default:
      return null;
  }

  if (variant === 'inline') {
    return (
      <Box data-testid={`job-approval-${job.id}`}>
        <Typography variant="body2" component="span" className={classes.inline}>
          {body}
        </Typography>
        <DecideButtons {...props} variant="inline" />
      </Box>
    );
  }
  return (
    <Alert
      severity={severity}
      data-testid="job-approval"
      action={<DecideButtons {...props} />}
    >
      <AlertTitle>{title}</AlertTitle>
      {body}
    </Alert>
  );
}
