import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import type { IngestionHealth } from '../../api';

/**
 * The engine's health check: fine, or the providers with more than one
 * active ingestion record (their bursts may run twice).
 */
export function HealthBanner(props: {
  health?: IngestionHealth;
  error?: Error;
}) {
  const { health, error } = props;
  if (error) {
    return (
      <ErrorNotice
        severity="warning"
        title="Could not check the ingestion engine’s health"
        error={error}
      />
    );
  }
  if (!health) {
    return null;
  }
  if (health.healthy) {
    return (
      <Alert severity="success" role="status" data-testid="ingestion-health">
        Healthy: no provider has more than one active ingestion.
      </Alert>
    );
  }
  const names = health.duplicateIngestions;
  return (
    <Alert severity="warning" role="alert" data-testid="ingestion-health">
      <AlertTitle>Duplicate ingestions</AlertTitle>
      {names.length > 0
        ? `${names.join(', ')} ${
            names.length === 1 ? 'has' : 'have'
          } more than one active ingestion record.`
        : 'Some provider has more than one active ingestion record.'}{' '}
      Their bursts may run twice and what is shown here may be off. Resetting
      such a provider deletes all its records and leaves one.
    </Alert>
  );
}
