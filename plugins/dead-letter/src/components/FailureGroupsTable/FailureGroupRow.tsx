import { MouseEvent } from 'react';
import { Link } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import ReplayIcon from '@material-ui/icons/Replay';
import {
  Breakable,
  DateTime,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { FailureGroup } from '../../api';
import { OwnerRef } from '../shared';
import { useRowStyles } from '../shared/tableStyles';

/**
 * One failure group; a click outside its link and button selects it (or,
 * when selected, clears that).
 */
export function FailureGroupRow(props: {
  group: FailureGroup;
  selected: boolean;
  /** Link target that filters the list to the group (or clears that). */
  href: string;
  onToggle: () => void;
  onReplay?: (group: FailureGroup) => void;
}) {
  const { group, selected, href, onToggle, onReplay } = props;
  const classes = useRowStyles();

  const onClick = (event: MouseEvent<HTMLElement>) => {
    if ((event.target as HTMLElement).closest('a, button')) {
      return;
    }
    onToggle();
  };

  return (
    <TableRow
      hover
      selected={selected}
      className={classes.row}
      onClick={onClick}
      data-testid={`group-row-${group.fingerprint}`}
    >
      <TableCell className={classes.mono}>
        <Link to={href} aria-current={selected ? 'true' : undefined}>
          <Breakable text={group.sourceQueue} />
        </Link>
      </TableCell>
      <TableCell>{group.reason}</TableCell>
      <TableCell>
        {group.exceptionType ? <Breakable text={group.exceptionType} /> : '—'}
        {group.messageType && (
          <span className={classes.secondary}>
            <Breakable text={group.messageType} />
          </span>
        )}
      </TableCell>
      <TableCell align="right">{group.count.toLocaleString()}</TableCell>
      <TableCell>
        <DateTime value={group.firstSeen} />
      </TableCell>
      <TableCell>
        <RelativeTime value={group.lastSeen} />
      </TableCell>
      <TableCell>
        <OwnerRef ownerRef={group.ownerRef} />
      </TableCell>
      {onReplay && (
        <TableCell>
          <Button
            size="small"
            color="primary"
            className={classes.nowrap}
            startIcon={<ReplayIcon />}
            onClick={() => onReplay(group)}
            title={`Replay the unresolved messages of ${group.sourceQueue} · ${group.reason}`}
          >
            Replay group
          </Button>
        </TableCell>
      )}
    </TableRow>
  );
}
