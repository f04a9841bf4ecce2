import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import type { EntityScorecardState } from '../../hooks/useEntityScorecard';
import { LevelHistory } from './LevelHistory';
import { CheckActions, TrackCard } from './TrackCard';

/** One card per track with its levels and checks, then the level history. */
function Tracks(props: { state: EntityScorecardState; actions: CheckActions }) {
  const { tracks, trackList, history, current } = props.state;
  if (!current) return null;
  return (
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
          actions={props.actions}
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

/**
 * The scorecard itself, or why there is none: loading, not evaluated yet,
 * a failed read, or no track applies.
 */
export function ScorecardsBody(props: {
  state: EntityScorecardState;
  actions: CheckActions;
}) {
  const { scorecard, tracks, current, notKnown } = props.state;
  if ((scorecard.loading && !current) || (tracks.loading && !tracks.value)) {
    return <Progress />;
  }
  if (notKnown) {
    return (
      <EmptyState
        missing="data"
        title="Not evaluated by scorecards yet"
        description="Scorecards have no results for this component yet. It is evaluated with the next run; its owners can re-run the checks now."
      />
    );
  }
  if (scorecard.error && !current) {
    return (
      <ErrorNotice
        title="Could not read the scorecards"
        error={scorecard.error}
        onRetry={scorecard.retry}
      />
    );
  }
  if (current && current.tracks.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No scorecard tracks apply to this component"
        description="Tracks apply to components by kind and type; none of them covers this one."
      />
    );
  }
  return <Tracks {...props} />;
}
