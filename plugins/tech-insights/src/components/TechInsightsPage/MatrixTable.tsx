import { Fragment, MouseEvent } from 'react';
import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { plural } from '@internal/backstage-plugin-portal-react';
import type { GroupRollup, ScorecardMatrix, ScorecardTrack } from '../../api';
import { levelBreakdown, refName } from '../../lib/scorecards';
import { PercentBadge } from '../shared';

const useStyles = makeStyles(theme => ({
  clickable: {
    cursor: 'pointer',
    '&:hover': { backgroundColor: theme.palette.action.hover },
  },
  colony: {
    '& > *': { fontWeight: 700 },
    backgroundColor: theme.palette.background.default,
  },
  squadName: { paddingLeft: theme.spacing(4) },
  total: {
    '& > *': {
      fontWeight: 700,
      borderTop: `2px solid ${theme.palette.divider}`,
    },
  },
  cell: { minWidth: 150, verticalAlign: 'top' },
  breakdown: { display: 'block', whiteSpace: 'nowrap' },
  groupCell: { minWidth: 180, verticalAlign: 'top' },
}));

function byTitle(a: GroupRollup, b: GroupRollup): number {
  return a.title.localeCompare(b.title);
}

/** One group's cell of a track: % certified, per level, how many components. */
function MatrixCell(props: { group: GroupRollup; track: ScorecardTrack }) {
  const { group, track } = props;
  const classes = useStyles();
  const rollup = group.tracks.find(t => t.trackId === track.id);
  const testId = `cell-${refName(group.groupRef)}-${track.id}`;
  if (!rollup || rollup.components === 0) {
    return (
      <TableCell className={classes.cell} data-testid={testId}>
        <PercentBadge percent={undefined} components={0} />
        <Typography
          variant="caption"
          color="textSecondary"
          className={classes.breakdown}
        >
          No components
        </Typography>
      </TableCell>
    );
  }
  return (
    <TableCell className={classes.cell} data-testid={testId}>
      <PercentBadge
        percent={rollup.certifiedPercent[0]}
        components={rollup.components}
      />
      <Typography variant="caption" className={classes.breakdown}>
        {levelBreakdown(rollup)}
      </Typography>
      <Typography
        variant="caption"
        color="textSecondary"
        className={classes.breakdown}
      >
        {plural(rollup.components, 'component')}
      </Typography>
    </TableCell>
  );
}

/**
 * Squads × tracks: per colony (bold, its roll-up) its squads, then the
 * organisation's total; per track the percentage of components certified
 * (level 1 or higher), the percentage per level and how many components.
 * A colony's or squad's row opens its scorecards.
 */
export function MatrixTable(props: {
  matrix: ScorecardMatrix;
  groupHref: (groupRef: string) => string;
  onOpen: (groupRef: string) => void;
}) {
  const { matrix, groupHref, onOpen } = props;
  const classes = useStyles();
  const tracks = matrix.tracks;
  const colonies = [...matrix.colonies].sort(byTitle);
  const colonyRefs = new Set(colonies.map(c => c.groupRef));
  const squadsOf = (colonyRef: string) =>
    matrix.squads.filter(s => s.parentRef === colonyRef).sort(byTitle);
  const orphans = matrix.squads
    .filter(s => !s.parentRef || !colonyRefs.has(s.parentRef))
    .sort(byTitle);

  const open = (group: GroupRollup) => (event: MouseEvent) => {
    // The group's link navigates by itself.
    if ((event.target as HTMLElement).closest('a, button')) return;
    onOpen(group.groupRef);
  };

  const row = (group: GroupRollup, kind: 'colony' | 'squad') => (
    <TableRow
      key={group.groupRef}
      className={`${classes.clickable} ${
        kind === 'colony' ? classes.colony : ''
      }`}
      onClick={open(group)}
      data-testid={`row-${refName(group.groupRef)}`}
    >
      <TableCell
        component="th"
        scope="row"
        role="rowheader"
        className={`${classes.groupCell} ${
          kind === 'squad' ? classes.squadName : ''
        }`}
      >
        <Link to={groupHref(group.groupRef)}>{group.title}</Link>
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          style={{ fontWeight: 'normal' }}
        >
          {kind === 'colony' ? 'Colony' : 'Squad'} ·{' '}
          {plural(group.components, 'component')}
        </Typography>
      </TableCell>
      {tracks.map(track => (
        <MatrixCell key={track.id} group={group} track={track} />
      ))}
    </TableRow>
  );

  return (
    <TableContainer>
      <Table size="small" aria-label="Squads and tracks">
        <TableHead>
          <TableRow>
            <TableCell>Colony / squad</TableCell>
            {tracks.map(track => (
              <TableCell key={track.id} title={track.description}>
                {track.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {colonies.map(colony => (
            <Fragment key={colony.groupRef}>
              {row(colony, 'colony')}
              {squadsOf(colony.groupRef).map(squad => row(squad, 'squad'))}
            </Fragment>
          ))}
          {orphans.length > 0 && (
            <>
              <TableRow className={classes.colony}>
                <TableCell colSpan={tracks.length + 1}>
                  Squads without a colony
                </TableCell>
              </TableRow>
              {orphans.map(squad => row(squad, 'squad'))}
            </>
          )}
          <TableRow
            className={classes.total}
            data-testid={`row-${refName(matrix.organisation.groupRef)}`}
          >
            <TableCell component="th" scope="row" role="rowheader">
              Organisation
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
                style={{ fontWeight: 'normal' }}
              >
                {plural(matrix.organisation.components, 'component')}
              </Typography>
            </TableCell>
            {tracks.map(track => (
              <MatrixCell
                key={track.id}
                group={matrix.organisation}
                track={track}
              />
            ))}
          </TableRow>
        </TableBody>
      </Table>
    </TableContainer>
  );
}
