import { usePermission } from '@backstage/plugin-permission-react';
import { scorecardRerunPermission } from '@internal/backstage-plugin-tech-insights-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import LinearProgress from '@material-ui/core/LinearProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ErrorNotice,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { EntityScorecardState } from '../../hooks/useEntityScorecard';

/**
 * "Re-run checks": disabled with the reason on hover for those who may not
 * (a failed permission check is no refusal: the backend decides then).
 */
function RerunButton(props: {
  entityRef: string;
  running: boolean;
  onRun: () => void;
}) {
  const { entityRef, running, onRun } = props;
  const permission = usePermission({
    permission: scorecardRerunPermission,
    resourceRef: entityRef,
  });
  const denied =
    !permission.loading && !permission.allowed && !permission.error;
  const button = (
    <Button
      variant="contained"
      color="primary"
      onClick={onRun}
      disabled={running || permission.loading || denied}
      startIcon={
        running ? (
          <CircularProgress size={16} color="inherit" aria-hidden />
        ) : (
          <RefreshIcon />
        )
      }
    >
      Re-run checks
    </Button>
  );
  if (denied) {
    return (
      <Tooltip title="Only the owners of this component can re-run its checks">
        <span data-testid="rerun-denied">{button}</span>
      </Tooltip>
    );
  }
  return button;
}

/** When the scorecard was last evaluated, and "Re-run checks". */
export function LastEvaluatedBar(props: {
  entityRef: string;
  state: EntityScorecardState;
}) {
  const { current, notKnown, running, runChecks } = props.state;
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="space-between"
      flexWrap="wrap"
      gridGap={16}
    >
      <Typography variant="body1" data-testid="last-evaluated">
        {current?.evaluatedAt ? (
          <>
            Last evaluated <RelativeTime value={current.evaluatedAt} />
          </>
        ) : (
          (current || notKnown) && 'Not evaluated yet'
        )}
      </Typography>
      <RerunButton
        entityRef={props.entityRef}
        running={running}
        onRun={runChecks}
      />
    </Box>
  );
}

/** A re-run in progress, the sources it could not read, or its failure. */
export function RerunStatus(props: { state: EntityScorecardState }) {
  const { running, rerun, rerunError, dismissRerunError } = props.state;
  return (
    <>
      {running && (
        <Box data-testid="rerun-progress">
          <LinearProgress aria-label="Re-running checks" />
          <Typography variant="caption" color="textSecondary">
            Fetching this component’s facts at their sources and evaluating its
            checks again; this can take a few seconds…
          </Typography>
        </Box>
      )}
      {rerun?.warnings && rerun.warnings.length > 0 && (
        <Alert severity="warning" data-testid="rerun-warnings">
          <AlertTitle>
            Some sources could not be read: older facts were used for them
          </AlertTitle>
          {rerun.warnings.map(warning => (
            <Box
              key={warning}
              component="div"
              style={{ wordBreak: 'break-word' }}
            >
              {warning}
            </Box>
          ))}
        </Alert>
      )}
      {rerunError && (
        <ErrorNotice
          title="Could not re-run the checks"
          error={rerunError}
          onDismiss={dismissRerunError}
          data-testid="rerun-error"
        />
      )}
    </>
  );
}
