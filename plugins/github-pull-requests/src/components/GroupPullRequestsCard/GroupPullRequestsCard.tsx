import { ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard, Progress } from '@backstage/core-components';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  errorMessage,
  isForbidden,
  plural,
} from '@internal/backstage-plugin-portal-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { GroupPullRequestsOk, PullRequestGroupName } from '../../api';
import { githubPullRequestsApiRef } from '../../api';
import { formatTimeOfDay } from '../../lib/format';
import { PullRequestSection } from './PullRequestSection';
import { RefusedRepositoriesNote } from './RefusedRepositoriesNote';

const SECTIONS: Array<{ id: PullRequestGroupName; title: string }> = [
  { id: 'reviewRequired', title: 'Review required' },
  { id: 'reviewInProgress', title: 'Review in progress' },
  { id: 'approved', title: 'Approved' },
];

function RetryButton(props: { onRetry: () => void }) {
  return (
    <Button color="inherit" size="small" onClick={props.onRetry}>
      Retry
    </Button>
  );
}

function PullRequestLists(props: { value: GroupPullRequestsOk }) {
  const { value } = props;
  const now = Date.now();
  const total = SECTIONS.reduce(
    (sum, section) => sum + value.groups[section.id].length,
    0,
  );
  const repositories = plural(value.repositories, 'repository', 'repositories');
  const notes: ReactNode[] = [];
  if (value.truncated) {
    notes.push(
      <Typography key="truncated" variant="caption" component="p">
        Not everything is shown: the group has more repositories, or a
        repository more open pull requests, than are read at once.
      </Typography>,
    );
  }
  if (value.unavailableRepositories?.length) {
    notes.push(
      <Typography key="unavailable" variant="caption" component="p">
        Not found on GitHub (deleted, renamed or not readable):{' '}
        {value.unavailableRepositories.join(', ')}
      </Typography>,
    );
  }
  if (value.refusedRepositories?.length) {
    notes.push(
      <RefusedRepositoriesNote
        key="refused"
        refused={value.refusedRepositories}
      />,
    );
  }

  if (total === 0) {
    return (
      <>
        <Typography variant="subtitle1">
          No open pull requests in {repositories}
        </Typography>
        {/* Refused slugs are named below: they do name repositories. */}
        {value.repositories === 0 && !value.refusedRepositories?.length && (
          <Typography variant="body2" color="textSecondary">
            None of this group's components names a GitHub repository
            (annotation github.com/project-slug).
          </Typography>
        )}
        <Box color="text.secondary" mt={1}>
          {notes}
        </Box>
      </>
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        {plural(total, 'open pull request')} in {repositories}, as of{' '}
        {formatTimeOfDay(value.generatedAt, now)}
      </Typography>
      {SECTIONS.map(section => (
        <PullRequestSection
          key={section.id}
          id={section.id}
          title={section.title}
          pullRequests={value.groups[section.id]}
          now={now}
        />
      ))}
      <Box color="text.secondary">{notes}</Box>
    </>
  );
}

/**
 * "Open pull requests": the open pull requests of the repositories of the
 * components the group owns, in three sections (review required, review in
 * progress, approved); or why they cannot be shown now.
 */
export function GroupPullRequestsCard() {
  const { entity } = useEntity();
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const name = entity.metadata.name;
  const api = useApi(githubPullRequestsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getGroupPullRequests({ namespace, name }),
    [api, namespace, name],
  );

  let content: ReactNode;
  if (loading) {
    content = <Progress />;
  } else if (error && isForbidden(error)) {
    // Shown on every group page: a quiet note rather than a red error.
    content = (
      <Typography variant="body2" color="textSecondary">
        You do not have access to GitHub pull requests.
      </Typography>
    );
  } else if (error) {
    content = (
      <Alert
        severity="error"
        role="alert"
        action={<RetryButton onRetry={retry} />}
      >
        <AlertTitle>Could not load pull requests</AlertTitle>
        <Box component="span" style={{ wordBreak: 'break-word' }}>
          {errorMessage(error)}
        </Box>
      </Alert>
    );
  } else if (value?.status === 'not-configured') {
    content = (
      <Alert severity="info">
        <AlertTitle>GitHub is not connected: no token configured</AlertTitle>
        {value.message} Ask the portal team to configure a GitHub token or
        GitHub App for the portal.
      </Alert>
    );
  } else if (value?.status === 'rate-limited') {
    content = (
      <Alert severity="warning" action={<RetryButton onRetry={retry} />}>
        GitHub rate limit reached; try again at{' '}
        <time dateTime={value.resetAt} title={value.resetAt}>
          {formatTimeOfDay(value.resetAt)}
        </time>
      </Alert>
    );
  } else if (value?.status === 'ok') {
    content = <PullRequestLists value={value} />;
  } else {
    content = (
      <Alert severity="error" action={<RetryButton onRetry={retry} />}>
        Unexpected answer from the backend
      </Alert>
    );
  }

  return (
    <InfoCard
      title="Open pull requests"
      titleTypographyProps={{ component: 'h2' }}
    >
      {content}
    </InfoCard>
  );
}
