import type { CaptureQueueStatus, DeadLetterEnvironment } from '../api';

/** The broker connection is down (not merely connecting). */
export function isDown(environment: DeadLetterEnvironment): boolean {
  return (
    environment.connection.state === 'disconnected' ||
    environment.connection.state === 'stopped'
  );
}

/** The queues not capturing, or whose last capture failed. */
export function failingQueues(
  queues: CaptureQueueStatus[],
): CaptureQueueStatus[] {
  return queues.filter(queue => !queue.active || queue.lastError);
}

/** How capturing goes, e.g. `1 of 3 dead-letter queues not capturing or failing`. */
export function captureSummary(environment: DeadLetterEnvironment): string {
  const { queues } = environment;
  const failing = failingQueues(queues);
  const noun = `dead-letter queue${queues.length === 1 ? '' : 's'}`;
  if (queues.length === 0) {
    return `No dead-letter queues are captured in ${environment.name}`;
  }
  if (failing.length === 0) {
    return `Capturing from ${queues.length} ${noun}`;
  }
  return `${failing.length} of ${queues.length} ${noun} not capturing or failing`;
}
