import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import {
  ErrorNotice,
  plural,
  statusOf,
} from '@internal/backstage-plugin-portal-react';
import type { GroupScorecard, ScorecardTrack } from '../../api';
import { scorecardsApiRef } from '../../api';
import { indexChecks, refName } from '../../lib/scorecards';
import { TrackRollupBars } from '../shared';
import { DownloadCsvButton } from './DownloadCsvButton';
import { BlockersTable, ComponentsTable } from './GroupTables';
import { TrendsCard } from './TrendsCard';

const TYPE_LABELS = {
  squad: 'Squad',
  colony: 'Colony',
  organisation: 'Organisation',
};

function BackLink(props: { to: string }) {
  return (
    <Box mb={2}>
      <Link to={props.to}>
        <Box component="span" display="inline-flex" alignItems="center">
          <ArrowBackIcon fontSize="small" />
          &nbsp;All squads and colonies
        </Box>
      </Link>
    </Box>
  );
}

/** The group's title, type, size and colony, and its CSV. */
function GroupHeader(props: {
  groupRef: string;
  group: GroupScorecard['group'];
  groupHref: (groupRef: string) => string;
}) {
  const { group } = props;
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="space-between"
      flexWrap="wrap"
      gridGap={16}
      mb={2}
    >
      <Box>
        <Typography variant="h4" component="h2" data-testid="group-title">
          {group.title}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {TYPE_LABELS[group.type] ?? group.type} ·{' '}
          {plural(group.components, 'component')}
          {group.parentRef && (
            <>
              {' '}
              · Colony{' '}
              <Link to={props.groupHref(group.parentRef)}>
                {refName(group.parentRef)}
              </Link>
            </>
          )}
        </Typography>
      </Box>
      <DownloadCsvButton group={props.groupRef} />
    </Box>
  );
}

/** The roll-up per track, the blockers, the components and the trend. */
function GroupCards(props: {
  groupRef: string;
  scorecard: GroupScorecard;
  tracks: ScorecardTrack[];
}) {
  const { groupRef, scorecard, tracks } = props;
  const { group } = scorecard;
  const index = indexChecks(tracks);
  const rollupTrackIds = tracks.length
    ? tracks.map(t => t.id)
    : group.tracks.map(t => t.trackId);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Certified per track">
          <Box display="flex" flexDirection="column" gridGap={16}>
            {rollupTrackIds.map(id => (
              <TrackRollupBars
                key={id}
                trackId={id}
                track={tracks.find(t => t.id === id)}
                rollup={group.tracks.find(t => t.trackId === id)}
              />
            ))}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Checks blocking most components">
          <BlockersTable
            scorecard={scorecard}
            checkInfo={index.inTrack}
            tracks={tracks}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Components">
          <ComponentsTable
            scorecard={scorecard}
            tracks={tracks}
            checkName={id => index.get(id)?.check.name ?? id}
          />
        </InfoCard>
      </Grid>
      {tracks.length > 0 && (
        <Grid item xs={12}>
          <TrendsCard
            tracks={tracks}
            group={groupRef}
            groupTitle={group.title}
          />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * One squad's or colony's scorecards (`?group=`): its roll-up per track,
 * the checks blocking most components, its components with their levels
 * and failing checks, its trend, and a CSV of it.
 */
export function GroupView(props: {
  groupRef: string;
  /** Where "All squads and colonies" goes. */
  backHref: string;
  groupHref: (groupRef: string) => string;
}) {
  const { groupRef, backHref, groupHref } = props;
  const api = useApi(scorecardsApiRef);
  const tracks = useAsyncRetry(() => api.listTracks(), [api]);
  const scorecard = useAsyncRetry(
    () => api.getGroupScorecard(groupRef),
    [api, groupRef],
  );
  const back = <BackLink to={backHref} />;

  if (
    (scorecard.loading && !scorecard.value) ||
    (tracks.loading && !tracks.value)
  ) {
    return (
      <>
        {back}
        <Progress />
      </>
    );
  }
  if (scorecard.error) {
    return (
      <>
        {back}
        {statusOf(scorecard.error) === 404 ? (
          <EmptyState
            missing="data"
            title="No components evaluated yet"
            description={`Scorecards know no components of ${groupRef}.`}
          />
        ) : (
          <ErrorNotice
            title="Could not read the group's scorecards"
            error={scorecard.error}
            onRetry={scorecard.retry}
          />
        )}
      </>
    );
  }
  const value = scorecard.value;
  if (!value) {
    return back;
  }

  return (
    <>
      {back}
      <GroupHeader
        groupRef={groupRef}
        group={value.group}
        groupHref={groupHref}
      />
      {tracks.error && (
        <Box mb={2}>
          <ErrorNotice
            title="Could not read the tracks: check and level names are missing"
            error={tracks.error}
            onRetry={tracks.retry}
          />
        </Box>
      )}
      {value.group.components === 0 ? (
        <EmptyState
          missing="data"
          title="No components evaluated yet"
          description="Once this group's components are evaluated their levels show here."
        />
      ) : (
        <GroupCards
          groupRef={groupRef}
          scorecard={value}
          tracks={tracks.value ?? []}
        />
      )}
    </>
  );
}
