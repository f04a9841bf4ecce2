import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import type { GroupScorecard, ScorecardTrack } from '../../api';
import { scorecardsApiRef } from '../../api';
import { plural } from '../../lib/format';
import {
  CheckInfo,
  indexChecks,
  refName,
  shortLevel,
} from '../../lib/scorecards';
import { EntityLink, ErrorNotice, TrackRollupBars, statusOf } from '../shared';
import { DownloadCsvButton } from './DownloadCsvButton';
import { TrendsCard } from './TrendsCard';

const TYPE_LABELS = {
  squad: 'Squad',
  colony: 'Colony',
  organisation: 'Organisation',
};

function BlockersTable(props: {
  scorecard: GroupScorecard;
  checkInfo: (trackId: string, checkId: string) => CheckInfo | undefined;
  tracks: ScorecardTrack[];
}) {
  const { scorecard, checkInfo, tracks } = props;
  const blockers = [...scorecard.blockers].sort(
    (a, b) => b.blocked - a.blocked || b.failing - a.failing,
  );
  if (blockers.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No check keeps any of these components from a level.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Checks blocking most components">
        <TableHead>
          <TableRow>
            <TableCell>Check</TableCell>
            <TableCell>Track</TableCell>
            <TableCell>Level</TableCell>
            <TableCell align="right">Components blocked</TableCell>
            <TableCell align="right">Failing</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {blockers.map(blocker => {
            const info = checkInfo(blocker.trackId, blocker.checkId);
            const track = tracks.find(t => t.id === blocker.trackId);
            return (
              <TableRow
                key={`${blocker.trackId}/${blocker.checkId}`}
                data-testid={`blocker-${blocker.checkId}`}
              >
                <TableCell>
                  {info?.check.link ? (
                    <Link to={info.check.link}>{info.check.name}</Link>
                  ) : (
                    info?.check.name ?? blocker.checkId
                  )}
                </TableCell>
                <TableCell>{track?.title ?? blocker.trackId}</TableCell>
                <TableCell>{shortLevel(track, blocker.level)}</TableCell>
                <TableCell align="right">{blocker.blocked}</TableCell>
                <TableCell align="right">{blocker.failing}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function ComponentsTable(props: {
  scorecard: GroupScorecard;
  tracks: ScorecardTrack[];
  checkName: (checkId: string) => string;
}) {
  const { scorecard, tracks, checkName } = props;
  const trackIds = tracks.length
    ? tracks.map(t => t.id)
    : [...new Set(scorecard.components.flatMap(c => Object.keys(c.levels)))];
  const components = [...scorecard.components].sort((a, b) =>
    (a.title ?? refName(a.entityRef)).localeCompare(
      b.title ?? refName(b.entityRef),
    ),
  );
  if (components.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No components evaluated yet
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Components">
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            {trackIds.map(id => (
              <TableCell key={id}>
                {tracks.find(t => t.id === id)?.title ?? id}
              </TableCell>
            ))}
            <TableCell>Failing checks</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {components.map(component => (
            <TableRow
              key={component.entityRef}
              data-testid={`component-${refName(component.entityRef)}`}
            >
              <TableCell component="th" scope="row">
                <EntityLink
                  entityRef={component.entityRef}
                  title={component.title}
                />
              </TableCell>
              {trackIds.map(id => {
                const level = component.levels[id];
                return (
                  <TableCell key={id}>
                    {level === undefined
                      ? '—'
                      : shortLevel(
                          tracks.find(t => t.id === id),
                          level,
                        )}
                  </TableCell>
                );
              })}
              <TableCell>
                {component.failingChecks.length === 0 ? (
                  <Typography variant="body2" color="textSecondary">
                    None
                  </Typography>
                ) : (
                  <Box display="flex" flexWrap="wrap" gridGap={4}>
                    {component.failingChecks.map(id => (
                      <Chip
                        key={id}
                        size="small"
                        variant="outlined"
                        label={checkName(id)}
                      />
                    ))}
                  </Box>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
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

  const back = (
    <Box mb={2}>
      <Link to={backHref}>
        <Box component="span" display="inline-flex" alignItems="center">
          <ArrowBackIcon fontSize="small" />
          &nbsp;All squads and colonies
        </Box>
      </Link>
    </Box>
  );

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
  const trackList = tracks.value ?? [];
  const index = indexChecks(trackList);
  const { group } = value;
  const rollupTrackIds = trackList.length
    ? trackList.map(t => t.id)
    : group.tracks.map(t => t.trackId);

  return (
    <>
      {back}
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
                <Link to={groupHref(group.parentRef)}>
                  {refName(group.parentRef)}
                </Link>
              </>
            )}
          </Typography>
        </Box>
        <DownloadCsvButton group={groupRef} />
      </Box>
      {tracks.error && (
        <Box mb={2}>
          <ErrorNotice
            title="Could not read the tracks: check and level names are missing"
            error={tracks.error}
            onRetry={tracks.retry}
          />
        </Box>
      )}
      {group.components === 0 ? (
        <EmptyState
          missing="data"
          title="No components evaluated yet"
          description="Once this group's components are evaluated their levels show here."
        />
      ) : (
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <InfoCard title="Certified per track">
              <Box display="flex" flexDirection="column" gridGap={16}>
                {rollupTrackIds.map(id => (
                  <TrackRollupBars
                    key={id}
                    trackId={id}
                    track={trackList.find(t => t.id === id)}
                    rollup={group.tracks.find(t => t.trackId === id)}
                  />
                ))}
              </Box>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="Checks blocking most components">
              <BlockersTable
                scorecard={value}
                checkInfo={index.inTrack}
                tracks={trackList}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Components">
              <ComponentsTable
                scorecard={value}
                tracks={trackList}
                checkName={id => index.get(id)?.check.name ?? id}
              />
            </InfoCard>
          </Grid>
          {trackList.length > 0 && (
            <Grid item xs={12}>
              <TrendsCard
                tracks={trackList}
                group={groupRef}
                groupTitle={group.title}
              />
            </Grid>
          )}
        </Grid>
      )}
    </>
  );
}
