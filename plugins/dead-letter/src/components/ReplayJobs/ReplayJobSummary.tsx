import { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import {
  DateTime,
  EntityRef,
  plural,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { ReplayJob } from '../../api';
import { describeTarget, filterEntries, isActiveJob } from '../../lib/replay';
import { rateText } from './ReplayJobsTable';

const useStyles = makeStyles(theme => ({
  label: {
    whiteSpace: 'nowrap',
    width: '1%',
    verticalAlign: 'top',
    color: theme.palette.text.secondary,
  },
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
}));

/** The job's facts as `[label, value]`; an undefined value has no row. */
function summaryRows(
  job: ReplayJob,
  monoClass: string,
): Array<[string, ReactNode]> {
  return [
    [
      'Messages',
      job.filter
        ? `Every unresolved message matching the filters below (${plural(
            job.total,
            'message',
          )} when the job started)`
        : plural(job.total, 'selected message'),
    ],
    ...filterEntries(job.filter ?? { environment: job.environment }).map(
      ([label, value]): [string, ReactNode] => [label, value],
    ),
    ['Target', describeTarget(job.target)],
    ['Rate', rateText(job.ratePerSecond)],
    ['Created by', <EntityRef entityRef={job.createdBy} defaultKind="user" />],
    [
      'Created',
      <>
        <DateTime value={job.createdAt} /> (
        <RelativeTime value={job.createdAt} />)
      </>,
    ],
    [
      'Finished',
      job.finishedAt ? <DateTime value={job.finishedAt} /> : undefined,
    ],
    [
      'Last sign of life',
      isActiveJob(job) && job.heartbeatAt ? (
        <RelativeTime value={job.heartbeatAt} />
      ) : undefined,
    ],
    ['Reason', job.reason],
    [
      'Counts',
      `${job.sent.toLocaleString()} sent, ${job.confirmed.toLocaleString()} confirmed, ${job.failed.toLocaleString()} failed of ${job.total.toLocaleString()}`,
    ],
    ['Job id', <span className={monoClass}>{job.id}</span>],
  ];
}

/** What a replay job replays where, by whom, when, and how far it got. */
export function ReplayJobSummary(props: { job: ReplayJob }) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Replay summary">
      <TableBody>
        {summaryRows(props.job, classes.mono)
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([label, value]) => (
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
