import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DateOnly,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { CheckResult, Exemption, ScorecardCheck } from '../../api';
import { CheckStateChip } from '../shared';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
    padding: theme.spacing(1.5, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
    '&:first-child': { borderTop: 'none' },
  },
  state: { flex: '0 0 auto', paddingTop: 2 },
  body: { flex: '1 1 auto', minWidth: 0 },
  actions: { flex: '0 0 auto' },
  name: { fontWeight: 600 },
  detail: { marginTop: theme.spacing(0.5), overflowWrap: 'anywhere' },
  remediation: {
    marginTop: theme.spacing(1),
    padding: theme.spacing(1, 1.5),
    borderLeft: `3px solid ${theme.palette.error.main}`,
    backgroundColor: theme.palette.action.hover,
    overflowWrap: 'anywhere',
  },
  exemption: {
    marginTop: theme.spacing(1),
    padding: theme.spacing(1, 1.5),
    borderLeft: `3px solid ${theme.palette.info.main}`,
    backgroundColor: theme.palette.action.hover,
    overflowWrap: 'anywhere',
  },
}));

/**
 * One check of a track: its state chip, name and description, since when,
 * and when it does not pass why, what to do about it and where to read
 * more; an exempt check shows who exempted it, why and until when.
 */
export function CheckRow(props: {
  check: ScorecardCheck;
  result: CheckResult;
  /** The active exemption (from the result or granted since). */
  exemption?: Exemption;
  onExempt?: () => void;
  onRevoke?: () => void;
}) {
  const { check, result, exemption, onExempt, onRevoke } = props;
  const classes = useStyles();
  const failing = result.state === 'failed' || result.state === 'unknown';
  const pendingExemption = failing && exemption;

  return (
    <Box
      className={classes.row}
      data-testid={`check-${check.id}`}
      data-state={result.state}
      role="listitem"
      aria-label={`${check.name}: ${result.state}`}
    >
      <Box className={classes.state}>
        <CheckStateChip
          state={result.state}
          data-testid={`check-state-${check.id}`}
        />
      </Box>
      <Box className={classes.body}>
        <Typography variant="body1" className={classes.name}>
          {check.name}
        </Typography>
        {check.description && (
          <Typography variant="body2" color="textSecondary">
            {check.description}
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary" component="div">
          <span style={{ textTransform: 'capitalize' }}>{result.state}</span>{' '}
          since <RelativeTime value={result.since} />
        </Typography>
        {failing && result.reason && (
          <Typography
            variant="body2"
            className={classes.detail}
            data-testid={`check-reason-${check.id}`}
          >
            <strong>
              {result.state === 'failed' ? 'Why it fails' : 'Why it is unknown'}
              :
            </strong>{' '}
            {result.reason}
          </Typography>
        )}
        {failing && (check.remediation || check.link) && (
          <Box
            className={classes.remediation}
            data-testid={`check-remediation-${check.id}`}
          >
            <Typography variant="body2">
              <strong>How to fix:</strong> {check.remediation}
            </Typography>
            {check.link && (
              <Typography variant="body2">
                <Link to={check.link}>Read more about “{check.name}”</Link>
              </Typography>
            )}
          </Box>
        )}
        {exemption && (
          <Box
            className={classes.exemption}
            data-testid={`check-exemption-${check.id}`}
          >
            <Typography variant="body2">
              <strong>
                {pendingExemption
                  ? 'Exemption granted (counts from the next evaluation)'
                  : 'Exempt'}
              </strong>{' '}
              by {exemption.createdBy} until{' '}
              <DateOnly value={exemption.expiresAt} />
            </Typography>
            <Typography variant="body2" color="textSecondary">
              “{exemption.justification}”
            </Typography>
          </Box>
        )}
      </Box>
      <Box className={classes.actions}>
        {failing && !exemption && onExempt && (
          <Button size="small" variant="outlined" onClick={onExempt}>
            Exempt
          </Button>
        )}
        {exemption && onRevoke && (
          <Button size="small" variant="outlined" onClick={onRevoke}>
            Revoke
          </Button>
        )}
      </Box>
    </Box>
  );
}
