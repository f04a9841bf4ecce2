import { act, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  makeReplayJob,
} from '../../testing/FakeDeadLetterApi';
import { rootRouteRef } from '../../routes';
import { ReplayStartedNotice } from './ReplayStartedNotice';

const tick = (ms: number) =>
  act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });

jest.setTimeout(20_000);

describe('ReplayStartedNotice', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('follows the job until it ends, then stops and says how it went', async () => {
    jest.useFakeTimers();
    const job = makeReplayJob({
      id: 'job-7',
      state: 'pending',
      total: 5,
      target: { kind: 'queue', queue: 'payments.parking' },
    });
    const api = new FakeDeadLetterApi({ replayJobs: [job] });
    const onEnded = jest.fn();
    renderInTestApp(
      <ReplayStartedNotice job={job} onDismiss={() => {}} onEnded={onEnded} />,
      {
        apis: [[deadLetterApiRef, api]],
        mountedRoutes: { '/dead-letter': rootRouteRef },
      },
    );
    const notice = await screen.findByRole('status', { name: 'Replay' });
    expect(within(notice).getByText('Replay started')).toBeInTheDocument();
    expect(notice).toHaveTextContent(
      '5 messages in prod to queue payments.parking.',
    );
    expect(
      within(notice).getByRole('link', { name: 'View this replay' }),
    ).toHaveAttribute('href', '/dead-letter/replays/job-7');

    api.replayJobs[0] = { ...job, state: 'running', sent: 3, confirmed: 3 };
    await tick(2000);
    expect(within(notice).getByText('Replaying')).toBeInTheDocument();
    expect(
      within(notice).getByRole('progressbar', { name: 'Replay progress' }),
    ).toHaveAttribute('aria-valuenow', '60');
    expect(onEnded).not.toHaveBeenCalled();

    api.replayJobs[0] = {
      ...job,
      state: 'completed',
      sent: 5,
      confirmed: 4,
      failed: 1,
    };
    await tick(2000);
    expect(
      within(notice).getByText('Replay finished: 1 message failed'),
    ).toBeInTheDocument();
    expect(onEnded).toHaveBeenCalledTimes(1);
    const reads = api.getReplayRequests.length;
    await tick(20_000);
    expect(api.getReplayRequests).toHaveLength(reads);
    expect(onEnded).toHaveBeenCalledTimes(1);
  });
});
