import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  scorecardExemptionCreatePermission,
  scorecardExemptionRevokePermission,
  scorecardRerunPermission,
} from '@internal/backstage-plugin-tech-insights-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import LinearProgress from '@material-ui/core/LinearProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  Exemption,
  RerunResult,
  ScorecardCheck,
  ScorecardTrack,
} from '../../api';
import { scorecardsApiRef } from '../../api';
import { ErrorNotice, RelativeTime, statusOf } from '../shared';
import { ExemptionDialog, ExemptionTarget } from './ExemptionDialog';
import { LevelHistory } from './LevelHistory';
import { RevokeDialog } from './RevokeDialog';
import { CheckActions, TrackCard } from './TrackCard';

/** Whether an exemption holds now (not revoked, not expired). */
export function isActiveExemption(
  exemption: Exemption,
  now: number = Date.now(),
): boolean {
  return !exemption.revokedAt && new Date(exemption.expiresAt).getTime() > now;
}

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

/**
 * A component's scorecards: when they were last evaluated, a re-run, one
 * card per track with its levels and checks, exemptions and the level
 * history.
 */
export function EntityScorecards(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(scorecardsApiRef);

  const tracks = useAsyncRetry(() => api.listTracks(), [api]);
  const scorecard = useAsyncRetry(
    () => api.getEntityScorecard(entityRef),
    [api, entityRef],
  );
  const history = useAsyncRetry(
    () => api.getEntityHistory(entityRef),
    [api, entityRef],
  );
  const exemptions = useAsyncRetry(
    () => api.listExemptions(entityRef),
    [api, entityRef],
  );

  // A re-run's answer replaces what was read, until the next read.
  const [rerun, setRerun] = useState<RerunResult>();
  const [running, setRunning] = useState(false);
  const [rerunError, setRerunError] = useState<Error>();
  const [exempting, setExempting] = useState<ExemptionTarget>();
  const [revoking, setRevoking] = useState<{
    exemption: Exemption;
    checkName: string;
  }>();

  const canExempt = usePermission({
    permission: scorecardExemptionCreatePermission,
    resourceRef: entityRef,
  });
  const canRevoke = usePermission({
    permission: scorecardExemptionRevokePermission,
  });

  const runChecks = async () => {
    if (running) return;
    setRunning(true);
    setRerunError(undefined);
    try {
      setRerun(await api.rerunEntity(entityRef));
      history.retry();
    } catch (e) {
      setRerunError(e as Error);
    } finally {
      setRunning(false);
    }
  };

  /** After an exemption changed: read everything again. */
  const reload = () => {
    setRerun(undefined);
    scorecard.retry();
    exemptions.retry();
    history.retry();
  };

  const current = rerun ?? scorecard.value;
  const notKnown = !rerun && statusOf(scorecard.error) === 404;
  const trackList: ScorecardTrack[] = tracks.value ?? [];

  const activeExemptions = (exemptions.value ?? []).filter(e =>
    isActiveExemption(e),
  );
  const actions: CheckActions = {
    exemptionOf: checkId => {
      const result = current?.tracks
        .flatMap(t => t.checks)
        .find(c => c.checkId === checkId);
      if (result?.exemption && isActiveExemption(result.exemption)) {
        return result.exemption;
      }
      return activeExemptions.find(e => e.checkId === checkId);
    },
    onExempt: canExempt.allowed
      ? (check: ScorecardCheck) =>
          setExempting({ checkId: check.id, checkName: check.name })
      : undefined,
    onRevoke: canRevoke.allowed
      ? (check: ScorecardCheck, exemption: Exemption) =>
          setRevoking({ exemption, checkName: check.name })
      : undefined,
  };

  let body;
  if ((scorecard.loading && !current) || (tracks.loading && !tracks.value)) {
    body = <Progress />;
  } else if (notKnown) {
    body = (
      <EmptyState
        missing="data"
        title="Not evaluated by scorecards yet"
        description="Scorecards have no results for this component yet. It is evaluated with the next run; its owners can re-run the checks now."
      />
    );
  } else if (scorecard.error && !current) {
    body = (
      <ErrorNotice
        title="Could not read the scorecards"
        error={scorecard.error}
        onRetry={scorecard.retry}
      />
    );
  } else if (current && current.tracks.length === 0) {
    body = (
      <EmptyState
        missing="info"
        title="No scorecard tracks apply to this component"
        description="Tracks apply to components by kind and type; none of them covers this one."
      />
    );
  } else if (current) {
    body = (
      <Box display="flex" flexDirection="column" gridGap={24}>
        {tracks.error && (
          <ErrorNotice
            title="Could not read the tracks: levels and check names are missing"
            error={tracks.error}
            onRetry={tracks.retry}
          />
        )}
        {current.tracks.map(result => (
          <TrackCard
            key={result.trackId}
            track={trackList.find(t => t.id === result.trackId)}
            result={result}
            actions={actions}
          />
        ))}
        <InfoCard title="Level history">
          {history.error && (
            <ErrorNotice
              title="Could not read the level history"
              error={history.error}
              onRetry={history.retry}
            />
          )}
          {history.loading && !history.value && <Progress />}
          {history.value && (
            <LevelHistory
              tracks={trackList}
              results={current.tracks}
              changes={history.value.levels}
            />
          )}
        </InfoCard>
      </Box>
    );
  }

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
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
          entityRef={entityRef}
          running={running}
          onRun={runChecks}
        />
      </Box>
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
          onDismiss={() => setRerunError(undefined)}
          data-testid="rerun-error"
        />
      )}
      {exemptions.error && (
        <ErrorNotice
          title="Could not read the exemptions"
          error={exemptions.error}
          onRetry={exemptions.retry}
        />
      )}
      {body}
      <ExemptionDialog
        entityRef={entityRef}
        target={exempting}
        onClose={() => setExempting(undefined)}
        onCreated={() => {
          setExempting(undefined);
          reload();
        }}
      />
      <RevokeDialog
        target={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={() => {
          setRevoking(undefined);
          reload();
        }}
      />
    </Box>
  );
}

/** The "Scorecards" tab of a component. */
export function EntityScorecardsContent() {
  const { entity } = useEntity();
  // The backend keeps entity refs in lower case, as the catalog compares them.
  return (
    <EntityScorecards
      entityRef={stringifyEntityRef(entity).toLocaleLowerCase('en-US')}
    />
  );
}
