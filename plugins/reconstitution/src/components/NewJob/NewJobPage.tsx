import { useSearchParams } from 'react-router-dom';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { useReconstitutionLinks } from '../../hooks/useLinks';
import { NewJobForm } from './NewJobForm';

/** `/reconstitution/new?receiver=<ref>&environment=<name>` */
export function NewJobPage() {
  const [params] = useSearchParams();
  const { jobsHref, jobHref } = useReconstitutionLinks();
  const receiver = params.get('receiver') ?? undefined;
  return (
    <>
      {jobsHref && (
        <Box mb={2}>
          <Link to={jobsHref()}>
            <Box display="flex" alignItems="center" gridGap={4}>
              <ArrowBackIcon fontSize="small" /> All jobs
            </Box>
          </Link>
        </Box>
      )}
      <NewJobForm
        // A new preset (another link followed) starts a fresh form.
        key={params.toString()}
        receiver={receiver}
        environment={params.get('environment') ?? undefined}
        jobHref={jobHref}
      />
    </>
  );
}
