import Alert from '@material-ui/lab/Alert';
import type { ReconstitutionJob } from '../../api';
import { useApprovers } from '../../hooks/useApprovers';
import { sentForApprovalText } from '../../lib/approvals';

/**
 * What became of "Start job" when the form stays (no job page to go to): a
 * job into a production receiver waits for a second person, it did not start.
 */
export function CreatedNotice(props: { job: ReconstitutionJob }) {
  const { job } = props;
  const approvers = useApprovers(job);
  if (job.state === 'awaiting-approval') {
    return (
      <Alert severity="success" data-testid="job-created">
        {sentForApprovalText(approvers)}. Job {job.id} runs once approved.
      </Alert>
    );
  }
  return (
    <Alert severity="success" data-testid="job-created">
      Job {job.id} started ({job.state}).
    </Alert>
  );
}
