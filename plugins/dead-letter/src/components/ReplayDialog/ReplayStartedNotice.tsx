import { useEffect, useRef } from 'react';
import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Alert, { Color } from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { plural, usePolling } from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef, ReplayJob, ReplayJobDetail } from '../../api';
import { describeTarget, isActiveJob } from '../../lib/replay';
import { replayRouteRef } from '../../routes';
import { ReplayProgress } from '../ReplayJobs';

function look(job: ReplayJob): { severity: Color; title: string } {
  switch (job.state) {
    case 'pending':
      return { severity: 'info', title: 'Replay started' };
    case 'running':
      return { severity: 'info', title: 'Replaying' };
    case 'completed':
      return job.failed > 0
        ? {
            severity: 'warning',
            title: `Replay finished: ${plural(job.failed, 'message')} failed`,
          }
        : { severity: 'success', title: 'Replay completed' };
    case 'cancelled':
      return { severity: 'warning', title: 'Replay cancelled' };
    default:
      return { severity: 'error', title: 'Replay failed' };
  }
}

/**
 * The replay just started, followed until it ends: its progress and a link
 * to it on the Replays tab. `onEnded` runs once when it ends (the messages'
 * states changed).
 */
export function ReplayStartedNotice(props: {
  job: ReplayJob;
  onDismiss: () => void;
  onEnded?: () => void;
  pollIntervalMs?: number;
}) {
  const { onDismiss, onEnded, pollIntervalMs } = props;
  const api = useApi(deadLetterApiRef);
  const replayRoute = useRouteRef(replayRouteRef);
  const detail = usePolling<ReplayJobDetail>(
    `replay:${props.job.id}`,
    () => api.getReplay(props.job.id),
    { shouldPoll: value => isActiveJob(value.job), intervalMs: pollIntervalMs },
  );
  const job = detail.value?.job ?? props.job;
  const active = isActiveJob(job);

  const onEndedRef = useRef(onEnded);
  onEndedRef.current = onEnded;
  const wasActive = useRef(isActiveJob(props.job));
  useEffect(() => {
    if (wasActive.current && !active) {
      onEndedRef.current?.();
    }
    wasActive.current = active;
  }, [active]);

  const { severity, title } = look(job);
  const href = replayRoute?.({ id: job.id });
  return (
    <Alert
      severity={severity}
      onClose={onDismiss}
      role="status"
      aria-label="Replay"
    >
      <AlertTitle>{title}</AlertTitle>
      {plural(job.total, 'message')} in {job.environment} to{' '}
      {describeTarget(job.target).replace(/^./, c => c.toLowerCase())}
      {job.reason ? ` — ${job.reason}` : ''}.
      <Box my={1} maxWidth={420}>
        <ReplayProgress job={job} />
      </Box>
      {href ? (
        <Link to={href}>View this replay</Link>
      ) : (
        <span>Replay job {job.id}</span>
      )}
    </Alert>
  );
}
