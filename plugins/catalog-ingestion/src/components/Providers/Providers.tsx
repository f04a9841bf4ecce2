import { Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { useCallback } from 'react';
import { ErrorNotice, statusOf } from '@internal/backstage-plugin-portal-react';
import {
  COUNTS_INTERVAL_MS,
  useEntityCounts,
} from '../../hooks/useEntityCounts';
import {
  POLL_INTERVAL_MS,
  useIngestionSnapshot,
} from '../../hooks/useIngestionSnapshot';
import { catalogIngestionManagePermission } from '../../permissions';
import { HealthBanner } from './HealthBanner';
import { NoProviders } from './NoProviders';
import { ProviderCard } from './ProviderCard';
import { useProviderActions } from './useProviderActions';

/** The note for people who may read but not manage. */
export const MANAGE_NOTE =
  'Only the platform team can trigger, pause or reset providers.';

/**
 * The catalog's incremental entity providers: the engine's health, then a
 * card per provider (state, next action, pages of this cycle, entities in
 * the catalog, last error) with Trigger, Pause, Resume and Reset for those
 * who may manage ingestion. Read again every 5 s while the tab is visible.
 *
 * No providers, or a 404 / 500 of the provider list (the engine's tables
 * are only created when the first provider starts), show how to configure
 * one; other failures show the backend's error.
 */
export function Providers(props: {
  pollIntervalMs?: number;
  countsIntervalMs?: number;
}) {
  const {
    pollIntervalMs = POLL_INTERVAL_MS,
    countsIntervalMs = COUNTS_INTERVAL_MS,
  } = props;
  const snapshot = useIngestionSnapshot(pollIntervalMs);
  const providers = snapshot.value?.providers ?? [];
  const counts = useEntityCounts(
    providers.map(p => p.name),
    countsIntervalMs,
  );
  const manage = usePermission({
    permission: catalogIngestionManagePermission,
  });
  const { reload: reloadSnapshot } = snapshot;
  const { reload: reloadCounts } = counts;
  const onDone = useCallback(() => {
    reloadSnapshot();
    reloadCounts();
  }, [reloadSnapshot, reloadCounts]);
  const actions = useProviderActions({ onDone });

  if (!snapshot.value) {
    if (snapshot.error) {
      const status = statusOf(snapshot.error);
      if (status === 404 || status === 500) {
        return <NoProviders error={snapshot.error} />;
      }
      return (
        <ErrorNotice
          title="Could not load the ingestion providers"
          error={snapshot.error}
          onRetry={snapshot.reload}
          forbiddenHint="Reading the ingestion engine needs the catalog.ingestion.read permission."
        />
      );
    }
    return <Progress aria-label="Loading the providers" />;
  }

  const { health, healthError } = snapshot.value;
  const refreshError = snapshot.error && (
    <ErrorNotice
      severity="warning"
      title="Could not refresh the providers; showing the last known state"
      error={snapshot.error}
      onRetry={snapshot.reload}
    />
  );

  if (providers.length === 0) {
    return (
      <Box display="flex" flexDirection="column" gridGap={16}>
        {refreshError}
        <NoProviders />
      </Box>
    );
  }

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <HealthBanner health={health} error={healthError} />
      {refreshError}
      {!manage.loading && !manage.allowed && (
        <Alert severity="info" data-testid="manage-note">
          {MANAGE_NOTE}
        </Alert>
      )}
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="body2" color="textSecondary">
          {`${
            providers.length === 1
              ? 'One provider'
              : `${providers.length} providers`
          }, updated every ${Math.round(
            pollIntervalMs / 1000,
          )} s while this page is visible.`}
        </Typography>
        <Tooltip title="Refresh">
          <IconButton aria-label="Refresh providers" onClick={onDone}>
            <RefreshIcon />
          </IconButton>
        </Tooltip>
      </Box>
      {providers.map(provider => (
        <ProviderCard
          key={provider.name}
          provider={provider}
          counts={counts.value?.[provider.name]}
          countsAvailable={counts.available}
          canManage={manage.allowed}
          busy={actions.busy?.provider === provider.name}
          onAction={actions.request}
        />
      ))}
      {actions.dialog}
    </Box>
  );
}
