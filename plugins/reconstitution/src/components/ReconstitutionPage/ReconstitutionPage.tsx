import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Route, Routes, useParams } from 'react-router-dom';
import {
  Content,
  Header,
  InfoCard,
  LinkButton,
  Page,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import AddIcon from '@material-ui/icons/Add';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import { reconstitutionApiRef } from '../../api';
import { useReconstitutionLinks } from '../../hooks/useLinks';
import { ArchiveStatusList } from '../ArchiveStatus';
import { JobDetail } from '../JobDetail';
import { Jobs } from '../Jobs';
import { NewJobPage } from '../NewJob';

/** The archive of each environment, a line each. */
function ArchiveCard() {
  const api = useApi(reconstitutionApiRef);
  const archive = useAsyncRetry(() => api.getArchiveStatus(), [api]);
  if (archive.error) {
    return (
      <ErrorNotice
        title="Could not read the archive's status"
        error={archive.error}
        onRetry={archive.retry}
      />
    );
  }
  if (!archive.value?.length) {
    return null;
  }
  return (
    <InfoCard title="Archive" variant="fullHeight">
      <ArchiveStatusList items={archive.value} />
    </InfoCard>
  );
}

/** `/reconstitution`: the archive's status and the jobs. */
function JobsPage() {
  const { newJobHref, jobHref } = useReconstitutionLinks();
  const addJob = newJobHref && (
    <LinkButton
      to={newJobHref()}
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
      // It navigates: a link, not the button MUI makes of it.
      role="link"
    >
      Add job
    </LinkButton>
  );
  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      <ArchiveCard />
      <Jobs jobHref={jobHref} actions={addJob} emptyAction={addJob} />
    </Box>
  );
}

/** `/reconstitution/jobs/:id` */
function JobPage() {
  const { id } = useParams<{ id: string }>();
  const { jobsHref } = useReconstitutionLinks();
  return id ? <JobDetail id={id} jobsHref={jobsHref?.()} /> : null;
}

/**
 * The reconstitution page: jobs at `/reconstitution` (filters in the query),
 * the "Add job" form at `/reconstitution/new` and one job at
 * `/reconstitution/jobs/:id`.
 */
export function ReconstitutionPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Reconstitution"
        subtitle="Deliver archived integration events again to a component’s queue"
      />
      <Content>
        <Routes>
          <Route path="/" element={<JobsPage />} />
          <Route path="/new" element={<NewJobPage />} />
          <Route path="/jobs/:id" element={<JobPage />} />
        </Routes>
      </Content>
    </Page>
  );
}
