import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { HUMIO_LOG_RANGES } from '@internal/backstage-plugin-humio-common';
import {
  errorMessage,
  plural,
  statusOf,
} from '@internal/backstage-plugin-portal-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { humioApiRef } from '../../api';
import type { EntityLogsOk, HumioLogRange } from '../../api';
import { RANGE_LABELS } from './format';
import { LogEventsTable } from './LogEventsTable';

function RetryButton(props: { onRetry: () => void }) {
  return (
    <Button color="inherit" size="small" onClick={props.onRetry}>
      Retry
    </Button>
  );
}

function Summary(props: { value: EntityLogsOk }) {
  const { value } = props;
  const shown =
    value.events.length < value.counts.total
      ? ` (newest ${value.events.length} shown)`
      : '';
  return (
    <Box
      display="flex"
      alignItems="baseline"
      justifyContent="space-between"
      flexWrap="wrap"
      mb={1}
    >
      <Typography variant="body1" data-testid="logs-summary">
        <strong>{plural(value.counts.total, 'event')}</strong>
        {' · '}
        <Box
          component="strong"
          color={value.counts.errors > 0 ? 'error.main' : undefined}
        >
          {plural(value.counts.errors, 'error')}
        </Box>{' '}
        in the {RANGE_LABELS[value.range].toLowerCase()}
        {shown}
      </Typography>
      <Link to={value.humioUrl} target="_blank" rel="noopener noreferrer">
        Open in Humio
      </Link>
    </Box>
  );
}

/**
 * "Logs": the component's recent events from Humio for a time range, with
 * the number of events and errors and a link to the same search in Humio;
 * or why they cannot be shown now.
 */
export function EntityLogsContent() {
  const { entity } = useEntity();
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const kind = entity.kind;
  const name = entity.metadata.name;
  const api = useApi(humioApiRef);
  const [range, setRange] = useState<HumioLogRange>('1h');
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getEntityLogs({ namespace, kind, name }, { range }),
    [api, namespace, kind, name, range],
  );

  let content: ReactNode;
  if (loading && !value && !error) {
    content = <Progress />;
  } else if (error && statusOf(error) === 403) {
    content = (
      <Alert severity="info">
        You do not have permission to read this component's logs.
      </Alert>
    );
  } else if (error && statusOf(error) === 503) {
    content = (
      <Alert
        severity="warning"
        role="alert"
        action={<RetryButton onRetry={retry} />}
      >
        <AlertTitle>Humio not connected</AlertTitle>
        <Box component="span" style={{ wordBreak: 'break-word' }}>
          {errorMessage(error)}
        </Box>
      </Alert>
    );
  } else if (error) {
    content = (
      <Alert
        severity="error"
        role="alert"
        action={<RetryButton onRetry={retry} />}
      >
        <AlertTitle>Could not load logs</AlertTitle>
        <Box component="span" style={{ wordBreak: 'break-word' }}>
          {errorMessage(error)}
        </Box>
      </Alert>
    );
  } else if (value?.status === 'not-configured') {
    content = (
      <Alert severity="info">
        <AlertTitle>Humio not configured</AlertTitle>
        {value.message}
      </Alert>
    );
  } else if (value?.status === 'invalid-query') {
    content = (
      <Alert severity="warning">
        <AlertTitle>Humio cannot search this component's logs</AlertTitle>
        <Box component="span" style={{ wordBreak: 'break-word' }}>
          {value.message}
        </Box>
        {value.query && (
          <Box component="pre" mt={1} mb={0} style={{ whiteSpace: 'pre-wrap' }}>
            {value.query}
          </Box>
        )}
        <Typography variant="body2">
          Check the component's humio.com/repository and humio.com/query
          annotations.
        </Typography>
      </Alert>
    );
  } else if (value?.status === 'ok') {
    content = (
      <>
        <Summary value={value} />
        {value.events.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No log events in the {RANGE_LABELS[value.range].toLowerCase()}.
          </Typography>
        ) : (
          <LogEventsTable events={value.events} />
        )}
      </>
    );
  } else {
    content = (
      <Alert severity="error" action={<RetryButton onRetry={retry} />}>
        Unexpected answer from the backend
      </Alert>
    );
  }

  return (
    <InfoCard
      title="Logs"
      titleTypographyProps={{ component: 'h2' }}
      action={
        <Box display="flex" alignItems="center" mt={1} mr={1}>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={range}
            aria-label="Time range"
            onChange={(_event, next: HumioLogRange | null) => {
              if (next) setRange(next);
            }}
          >
            {HUMIO_LOG_RANGES.map(r => (
              <ToggleButton key={r} value={r} aria-label={RANGE_LABELS[r]}>
                {r}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <Tooltip title="Refresh">
            <span>
              <IconButton
                aria-label="Refresh"
                onClick={retry}
                disabled={loading}
              >
                <RefreshIcon />
              </IconButton>
            </span>
          </Tooltip>
        </Box>
      }
    >
      {loading && (value || error) ? (
        <LinearProgress aria-label="Loading logs" />
      ) : null}
      {content}
    </InfoCard>
  );
}
