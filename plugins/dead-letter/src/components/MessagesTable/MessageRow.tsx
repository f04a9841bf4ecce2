import { MouseEvent } from 'react';
import { Link } from '@backstage/core-components';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Checkbox from '@material-ui/core/Checkbox';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import {
  Breakable,
  EntityRef,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import { formatBytes } from '../../lib/format';
import { OwnerRef, StateChip } from '../shared';
import { useRowStyles } from '../shared/tableStyles';

/** One message; a click outside its links and checkbox opens it. */
export function MessageRow(props: {
  item: DeadLetterSummary;
  selected: boolean;
  onToggle: () => void;
  href: string;
  onOpen: () => void;
  showEnvironment?: boolean;
}) {
  const { item, selected, onToggle, href, onOpen, showEnvironment } = props;
  const classes = useRowStyles();

  const onClick = (event: MouseEvent<HTMLElement>) => {
    // Links, checkboxes and buttons in the row do their own thing.
    const target = event.target as HTMLElement;
    if (target.closest('a, button, input, label')) {
      return;
    }
    onOpen();
  };

  return (
    <TableRow
      hover
      selected={selected}
      className={classes.row}
      onClick={onClick}
      data-testid={`message-row-${item.id}`}
    >
      <TableCell padding="checkbox">
        <Checkbox
          checked={selected}
          onChange={onToggle}
          inputProps={{
            'aria-label': `Select message ${item.id}`,
          }}
        />
      </TableCell>
      <TableCell className={classes.nowrap}>
        <Link to={href}>
          <RelativeTime value={item.capturedAt} />
        </Link>
      </TableCell>
      {showEnvironment && <TableCell>{item.environment}</TableCell>}
      <TableCell className={classes.mono}>
        <Breakable text={item.sourceQueue} />
      </TableCell>
      <TableCell>
        {item.reason}
        {item.exceptionType && (
          <span className={classes.secondary}>
            <Breakable text={item.exceptionType} />
          </span>
        )}
      </TableCell>
      <TableCell className={classes.mono}>
        {item.messageType ? <Breakable text={item.messageType} /> : '—'}
      </TableCell>
      <TableCell>
        <EntityRef entityRef={item.componentRef} defaultKind="component" />
      </TableCell>
      <TableCell>
        <OwnerRef ownerRef={item.ownerRef} />
      </TableCell>
      <TableCell align="right" className={classes.nowrap}>
        {formatBytes(item.bodySize)}
      </TableCell>
      <TableCell>
        <StateChip state={item.state} />
      </TableCell>
    </TableRow>
  );
}
