import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolling, UsePollingOptions } from './usePolling';

type Job = { state: 'running' | 'done'; n: number };

function poll(
  load: () => Promise<Job>,
  options: UsePollingOptions<Job>,
  key: string | undefined,
) {
  return renderHook(
    (props: { key: string | undefined }) =>
      usePolling(props.key, load, options),
    { initialProps: { key } },
  );
}

/** Lets the timers run `ms` on and the answered loads render. */
async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
}

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('polls while the answer may still change, then stops', async () => {
    let n = 0;
    const load = jest.fn(async (): Promise<Job> => {
      n += 1;
      return { state: n < 3 ? 'running' : 'done', n };
    });
    const { result } = poll(
      load,
      { shouldPoll: job => job.state === 'running', intervalMs: 1000 },
      'job:1',
    );
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.value?.n).toBe(1));
    await advance(1000);
    await waitFor(() => expect(result.current.value?.n).toBe(2));
    await advance(1000);
    await waitFor(() => expect(result.current.value?.state).toBe('done'));
    await advance(5000);
    expect(load).toHaveBeenCalledTimes(3);
    expect(result.current.loading).toBe(false);
  });

  it('keeps the last value when a reload fails, and reloads on demand', async () => {
    const load = jest
      .fn<Promise<Job>, []>()
      .mockResolvedValueOnce({ state: 'running', n: 1 })
      .mockRejectedValueOnce(new Error('blip'))
      .mockResolvedValue({ state: 'done', n: 2 });
    const { result } = poll(
      load,
      { shouldPoll: job => job.state === 'running', intervalMs: 1000 },
      'job:1',
    );
    await waitFor(() => expect(result.current.value?.n).toBe(1));
    await advance(1000);
    await waitFor(() => expect(result.current.error?.message).toBe('blip'));
    expect(result.current.value?.n).toBe(1);
    await advance(1000);
    await waitFor(() => expect(result.current.value?.n).toBe(2));
    expect(result.current.error).toBeUndefined();
    act(() => result.current.reload());
    await waitFor(() => expect(load).toHaveBeenCalledTimes(4));
  });

  it('loads nothing without a key, and does not show an old key’s value', async () => {
    const load = jest.fn(async (): Promise<Job> => ({ state: 'done', n: 1 }));
    const { result, rerender } = poll(load, {}, undefined);
    expect(result.current).toMatchObject({ loading: false, value: undefined });
    expect(load).not.toHaveBeenCalled();
    rerender({ key: 'job:1' });
    await waitFor(() => expect(result.current.value?.n).toBe(1));
    rerender({ key: 'job:2' });
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(true);
  });

  it('without shouldPoll polls on, also after a failed first load', async () => {
    const load = jest
      .fn<Promise<Job>, []>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue({ state: 'done', n: 1 });
    const { result } = poll(load, { intervalMs: 1000 }, 'job:1');
    await waitFor(() => expect(result.current.error?.message).toBe('down'));
    await advance(1000);
    await waitFor(() => expect(result.current.value?.n).toBe(1));
    await advance(1000);
    await waitFor(() => expect(load).toHaveBeenCalledTimes(3));
  });

  it('pauses while the tab is hidden and loads at once when shown', async () => {
    let visibility: DocumentVisibilityState = 'visible';
    jest
      .spyOn(document, 'visibilityState', 'get')
      .mockImplementation(() => visibility);
    const load = jest.fn(async (): Promise<Job> => ({ state: 'done', n: 1 }));
    const { unmount } = poll(
      load,
      { intervalMs: 1000, pauseWhileHidden: true },
      'job:1',
    );
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    visibility = 'hidden';
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await advance(5000);
    expect(load).toHaveBeenCalledTimes(1);
    visibility = 'visible';
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    unmount();
    await advance(5000);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
