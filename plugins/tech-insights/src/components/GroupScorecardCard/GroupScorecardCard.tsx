import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  ErrorNotice,
  plural,
  statusOf,
} from '@internal/backstage-plugin-portal-react';
import type { GroupScorecard, ScorecardTrack } from '../../api';
import { scorecardsApiRef } from '../../api';
import { useTechInsightsLinks } from '../../hooks/useLinks';
import { indexChecks, shortLevel } from '../../lib/scorecards';
import { TrackRollupBars } from '../shared';

/** Blockers shown on the card. */
const TOP_BLOCKERS = 3;

function CardBody(props: {
  scorecard: GroupScorecard;
  tracks: ScorecardTrack[];
}) {
  const { scorecard, tracks } = props;
  const { group } = scorecard;
  const index = indexChecks(tracks);
  if (group.components === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No components evaluated yet
      </Typography>
    );
  }
  const trackIds = tracks.length
    ? tracks
        .map(t => t.id)
        .filter(id => group.tracks.some(r => r.trackId === id))
    : group.tracks.map(t => t.trackId);
  const blockers = [...scorecard.blockers]
    .sort((a, b) => b.blocked - a.blocked || b.failing - a.failing)
    .slice(0, TOP_BLOCKERS);

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Typography variant="body2" color="textSecondary">
        {plural(group.components, 'component')} evaluated
      </Typography>
      {trackIds.map(id => (
        <TrackRollupBars
          key={id}
          trackId={id}
          track={tracks.find(t => t.id === id)}
          rollup={group.tracks.find(t => t.trackId === id)}
        />
      ))}
      <Box>
        <Typography variant="subtitle2" component="h3">
          Top blocking checks
        </Typography>
        {blockers.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            Nothing blocks any component.
          </Typography>
        ) : (
          <List dense disablePadding aria-label="Top blocking checks">
            {blockers.map(blocker => {
              const info = index.inTrack(blocker.trackId, blocker.checkId);
              const track = tracks.find(t => t.id === blocker.trackId);
              return (
                <ListItem
                  key={`${blocker.trackId}/${blocker.checkId}`}
                  disableGutters
                  data-testid={`group-blocker-${blocker.checkId}`}
                >
                  <ListItemText
                    primary={info?.check.name ?? blocker.checkId}
                    secondary={`${
                      track?.title ?? blocker.trackId
                    } · ${shortLevel(track, blocker.level)} · blocks ${plural(
                      blocker.blocked,
                      'component',
                    )}`}
                  />
                </ListItem>
              );
            })}
          </List>
        )}
      </Box>
    </Box>
  );
}

/**
 * "Scorecards" on a group's page: per track the percentage of the group's
 * components per level, the checks blocking most of them, and a link to
 * the group's view on the Tech Insights page.
 */
export function GroupScorecardCard() {
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const api = useApi(scorecardsApiRef);
  const { pageHref } = useTechInsightsLinks();
  const tracks = useAsyncRetry(() => api.listTracks(), [api]);
  const scorecard = useAsyncRetry(
    () => api.getGroupScorecard(groupRef),
    [api, groupRef],
  );

  let body;
  if (
    (scorecard.loading && !scorecard.value) ||
    (tracks.loading && !tracks.value)
  ) {
    body = <Progress />;
  } else if (statusOf(scorecard.error) === 404) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No components evaluated yet
      </Typography>
    );
  } else if (scorecard.error) {
    body = (
      <ErrorNotice
        title="Could not read the scorecards"
        error={scorecard.error}
        onRetry={scorecard.retry}
      />
    );
  } else if (scorecard.value) {
    body = <CardBody scorecard={scorecard.value} tracks={tracks.value ?? []} />;
  }

  return (
    <Box data-testid="group-scorecard" height="100%">
      <InfoCard
        title="Scorecards"
        variant="gridItem"
        deepLink={
          pageHref
            ? { title: 'View in Tech Insights', link: pageHref(groupRef) }
            : undefined
        }
      >
        {body}
      </InfoCard>
    </Box>
  );
}
