import { ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  deadLetterDiscardPermission,
  deadLetterReplayPermission,
  type DeadLetterMessage,
} from '@internal/backstage-plugin-dead-letter-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DateTime,
  EntityRef,
  ErrorNotice,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef } from '../../api';
import { MessageActionButtons, useMessageActions } from '../MessageActions';
import { ReplayButton, useReplay } from '../ReplayDialog';
import { replayRouteRef } from '../../routes';
import { formatBytes } from '../../lib/format';
import { OwnerRef, StateChip } from '../shared';
import { BodyView } from './BodyView';
import { BodyWithheldNotice } from './BodyWithheldNotice';
import { DeathHistoryTable, KeyValueTable } from './tables';

const useStyles = makeStyles(theme => ({
  title: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    overflowWrap: 'anywhere',
  },
  label: {
    whiteSpace: 'nowrap',
    width: '1%',
    verticalAlign: 'top',
    color: theme.palette.text.secondary,
  },
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
  section: { marginTop: theme.spacing(3) },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0),
  },
}));

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <Box className={classes.section} component="section">
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Summary(props: { message: DeadLetterMessage }) {
  const { message } = props;
  const classes = useStyles();
  const rows: Array<[string, ReactNode, boolean?]> = [
    ['Environment', message.environment],
    ['Source queue', message.sourceQueue, true],
    ['Reason', message.reason],
    ['Exception type', message.exceptionType, true],
    ['Message type', message.messageType, true],
    [
      'Component',
      <EntityRef entityRef={message.componentRef} defaultKind="component" />,
    ],
    ['Owner', <OwnerRef ownerRef={message.ownerRef} />],
    [
      'Captured',
      <>
        <DateTime value={message.capturedAt} /> (
        <RelativeTime value={message.capturedAt} />)
      </>,
    ],
    [
      'First death',
      message.firstDeathAt && <DateTime value={message.firstDeathAt} />,
    ],
    [
      'Last death',
      message.lastDeathAt && <DateTime value={message.lastDeathAt} />,
    ],
    ['Dead-letter queue', message.deadLetterQueue, true],
    [
      'Original exchange',
      message.originalExchange || '(default exchange)',
      true,
    ],
    ['Original routing keys', message.originalRoutingKeys.join(', '), true],
    ['Message id', message.messageId, true],
    ['Content type', message.contentType, true],
    ['Content encoding', message.contentEncoding, true],
    ['Size', formatBytes(message.bodySize)],
    [
      'State changed',
      message.stateChangedAt && <DateTime value={message.stateChangedAt} />,
    ],
    ['Resolved', message.resolvedAt && <DateTime value={message.resolvedAt} />],
    ['Portal id', message.id, true],
  ];
  return (
    <Table size="small" aria-label="Message summary">
      <TableBody>
        {rows
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([label, value, mono]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row" className={classes.label}>
                {label}
              </TableCell>
              <TableCell className={mono ? classes.mono : undefined}>
                {value}
              </TableCell>
            </TableRow>
          ))}
      </TableBody>
    </Table>
  );
}

/**
 * How often the message was replayed, the job that last replayed it, and
 * the dead letter it was before (when it died again after a replay).
 */
function ReplayHistory(props: {
  message: DeadLetterMessage;
  messageHref: (id: string) => string;
}) {
  const { message, messageHref } = props;
  const classes = useStyles();
  const replayRoute = useRouteRef(replayRouteRef);
  const jobHref = message.replayJobId
    ? replayRoute?.({ id: message.replayJobId })
    : undefined;
  let count = 'Never replayed';
  if (message.replayCount === 1) count = 'Once';
  else if (message.replayCount > 1) count = `${message.replayCount} times`;
  const rows: Array<[string, ReactNode]> = [['Replayed', count]];
  if (message.replayJobId) {
    rows.push([
      message.state === 'replaying' ? 'Being replayed by' : 'Last replay',
      jobHref ? (
        <Link to={jobHref}>Replay job {message.replayJobId}</Link>
      ) : (
        <span className={classes.mono}>Replay job {message.replayJobId}</span>
      ),
    ]);
  }
  if (message.previousMessageId) {
    rows.push([
      'Previous life',
      <Link to={messageHref(message.previousMessageId)}>
        The earlier dead letter this message was replayed from
      </Link>,
    ]);
  }
  return (
    <Table size="small" aria-label="Replay history">
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row" className={classes.label}>
              {label}
            </TableCell>
            <TableCell>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Everything about one dead letter: summary, body, headers, properties and
 * death history. All of it is rendered as plain text.
 */
export function MessageDetail(props: {
  id: string;
  /** Link target (URL) of another message, for "previous life". */
  messageHref: (id: string) => string;
  /** The message was discarded or restored here. */
  onChanged?: () => void;
}) {
  const { id, messageHref, onChanged } = props;
  const classes = useStyles();
  const api = useApi(deadLetterApiRef);
  const {
    value: message,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => api.getMessage(id), [api, id]);
  const actions = useMessageActions({
    onChanged: () => {
      retry();
      onChanged?.();
    },
  });
  // The backend decides every action; this only hides what would be refused.
  const canReplay = usePermission({
    permission: deadLetterReplayPermission,
    resourceRef: id,
  });
  const canDiscard = usePermission({
    permission: deadLetterDiscardPermission,
    resourceRef: id,
  });
  const replay = useReplay({
    onChanged: () => {
      retry();
      onChanged?.();
    },
  });

  // A reload after an action keeps showing the message until it is back.
  if (loading && message?.id !== id) {
    return <Progress />;
  }
  if (error) {
    return (
      <ErrorNotice
        title="Could not load the message"
        error={error}
        onRetry={retry}
      />
    );
  }
  if (!message) {
    return null;
  }

  return (
    <Box>
      <Typography variant="h5" component="h2" className={classes.title}>
        <span>{message.messageType ?? 'Dead letter'}</span>
        <StateChip state={message.state} />
        <Chip size="small" label={message.environment} />
      </Typography>
      <Box className={classes.actions}>
        {canReplay.allowed && (
          <ReplayButton
            messages={[message]}
            busy={loading}
            onClick={() =>
              replay.request({ kind: 'messages', messages: [message] })
            }
          />
        )}
        {canDiscard.allowed && (
          <MessageActionButtons
            messages={[message]}
            busy={actions.busy || loading}
            onAction={actions.request}
          />
        )}
      </Box>
      {!canReplay.loading &&
        !canDiscard.loading &&
        !canReplay.allowed &&
        !canDiscard.allowed && (
          <Typography variant="body2" color="textSecondary" gutterBottom>
            You can read this message. Replaying or discarding it is up to{' '}
            {message.ownerRef ? (
              <EntityRef entityRef={message.ownerRef} defaultKind="group" />
            ) : (
              'its owner'
            )}{' '}
            and the platform team.
          </Typography>
        )}
      {replay.notice}
      {actions.notice}
      {actions.dialog}
      {replay.dialog}
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {message.reason} in{' '}
        <span className={classes.mono}>{message.sourceQueue}</span>
        {message.exceptionType ? ` — ${message.exceptionType}` : ''}
      </Typography>
      <Summary message={message} />
      <Section title="Replays">
        <ReplayHistory message={message} messageHref={messageHref} />
      </Section>
      <Section title="Body">
        {message.bodyWithheld ? (
          <BodyWithheldNotice ownerRef={message.ownerRef} />
        ) : (
          <BodyView
            messageId={message.id}
            bodyBase64={message.bodyBase64}
            encoding={message.bodyEncoding}
            contentEncoding={message.contentEncoding}
          />
        )}
      </Section>
      <Divider className={classes.section} />
      {/* Withheld: the backend sent no headers or properties to show. */}
      {!message.bodyWithheld && (
        <>
          <Section title="Headers">
            <KeyValueTable
              entries={message.headers}
              label="Headers"
              emptyText="No headers."
            />
          </Section>
          <Section title="Properties">
            <KeyValueTable
              entries={message.properties}
              label="Properties"
              emptyText="No properties."
            />
          </Section>
        </>
      )}
      <Section title="Death history">
        <DeathHistoryTable records={message.deathHistory ?? []} />
      </Section>
    </Box>
  );
}
