import { ReactNode } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import { makeStyles } from '@material-ui/core/styles';
import { plural } from '@internal/backstage-plugin-portal-react';
import { filterEntries } from '../../lib/replay';
import { ReplaySelection, unresolvedCount } from '../../lib/replaySelection';

const useStyles = makeStyles(theme => ({
  summary: { color: theme.palette.text.primary },
  filters: {
    margin: theme.spacing(0, 0, 2),
    paddingLeft: theme.spacing(3),
    overflowWrap: 'anywhere',
  },
  filterLabel: { color: theme.palette.text.secondary },
}));

function summaryText(
  selection: ReplaySelection,
  count: number,
  environment: string,
): ReactNode {
  if (selection.kind === 'messages') {
    return selection.selected || count !== 1
      ? `Replay ${plural(count, 'selected message')} in ${environment}.`
      : `Replay this message in ${environment}.`;
  }
  if (selection.kind === 'group') {
    return (
      <>
        Replay all {unresolvedCount(selection.count)} in failure group{' '}
        <strong>{selection.label}</strong> in {environment}.
      </>
    );
  }
  return `Replay all ${unresolvedCount(
    selection.count,
  )} matching the current filters:`;
}

/**
 * Exactly what will be replayed: the messages, group or filters (listed),
 * and the selected messages that are left out.
 */
export function ReplaySummary(props: {
  selection: ReplaySelection;
  /** Unresolved messages of a selection by id. */
  count: number;
  /** Selected messages left out (not unresolved). */
  skipped: number;
  environment: string;
}) {
  const { selection, count, skipped, environment } = props;
  const classes = useStyles();
  return (
    <>
      <DialogContentText
        id="dead-letter-replay-summary"
        className={classes.summary}
      >
        {summaryText(selection, count, environment)}
      </DialogContentText>
      {selection.kind === 'filter' && (
        <ul className={classes.filters} aria-label="Filters">
          {filterEntries(selection.filter, {
            groupLabel: selection.groupLabel,
          }).map(([label, value]) => (
            <li key={label}>
              <span className={classes.filterLabel}>{label}:</span> {value}
            </li>
          ))}
        </ul>
      )}
      {selection.kind === 'filter' && selection.count !== undefined && (
        <DialogContentText variant="body2">
          The count is the list's estimate: the replay takes every unresolved
          message that matches when it starts.
        </DialogContentText>
      )}
      {skipped > 0 && (
        <DialogContentText variant="body2">
          {plural(skipped, 'selected message')} not unresolved{' '}
          {skipped === 1 ? 'is' : 'are'} left as{' '}
          {skipped === 1 ? 'it is' : 'they are'}.
        </DialogContentText>
      )}
    </>
  );
}
