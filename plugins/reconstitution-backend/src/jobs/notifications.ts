import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { ReconstitutionJob } from '@internal/backstage-plugin-reconstitution-common';

const count = (n: number) => n.toLocaleString('en-GB');

/** The notification telling a job's creator how it ended. */
export function describeEnding(job: ReconstitutionJob): NotificationPayload {
  const what = `${job.producer.domain} [${job.producer.entityType}] → ${job.receiver.queue} (${job.environment})`;
  const delivered = `${count(job.progress.confirmed)} of ${count(
    job.progress.matched,
  )} events delivered`;
  const base = {
    link: `/reconstitution/jobs/${job.id}`,
    topic: 'reconstitution',
    scope: `reconstitution-job:${job.id}`,
  };
  switch (job.state) {
    case 'completed':
      return {
        ...base,
        title: `Reconstitution job completed: ${what}`,
        description: delivered,
        severity: 'normal',
      };
    case 'cancelled':
      return {
        ...base,
        title: `Reconstitution job cancelled: ${what}`,
        description: `${job.reason ?? 'Cancelled'}; ${delivered}`,
        severity: 'normal',
      };
    default:
      return {
        ...base,
        title: `Reconstitution job failed: ${what}`,
        description: `${job.reason ?? 'Failed'}; ${delivered}`,
        severity: 'high',
      };
  }
}
