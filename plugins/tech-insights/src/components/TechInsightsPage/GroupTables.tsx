import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { GroupScorecard, ScorecardTrack } from '../../api';
import { CheckInfo, refName, shortLevel } from '../../lib/scorecards';
import { EntityLink } from '../shared';

/** The checks keeping most of a group's components from a level. */
export function BlockersTable(props: {
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

/** A group's components with their level per track and failing checks. */
export function ComponentsTable(props: {
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
