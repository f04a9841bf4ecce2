import Alert from '@material-ui/lab/Alert';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import type { DeadLetterEnvironment } from '../../api';
import { EnvironmentStatus, EnvironmentTabs } from '../EnvironmentStatus';

type Loaded<T> = { value?: T; error?: Error; retry: () => void };

/**
 * The environments as tabs with their unresolved counts, and the selected
 * one's broker status (always when its connection is not up).
 */
export function EnvironmentSection(props: {
  environments: Loaded<DeadLetterEnvironment[]>;
  counts: Loaded<unknown>;
  countMap?: Map<string, number>;
  selected: string | undefined;
  onSelect: (environment: string) => void;
  showCaptureStatus?: boolean;
}) {
  const { environments, counts, countMap, selected, onSelect } = props;
  const { showCaptureStatus } = props;
  const selectedEnvironment = environments.value?.find(
    e => e.name === selected,
  );
  return (
    <>
      {environments.error && (
        <ErrorNotice
          title="Could not load the environments"
          error={environments.error}
          onRetry={environments.retry}
        />
      )}
      {counts.error && (
        <ErrorNotice
          title="Could not load the unresolved counts"
          error={counts.error}
          onRetry={counts.retry}
        />
      )}
      {environments.value && environments.value.length === 0 && (
        <Alert severity="info">
          The dead-letter backend has no environments configured.
        </Alert>
      )}
      {environments.value && environments.value.length > 0 && (
        <EnvironmentTabs
          environments={environments.value}
          selected={selected}
          counts={countMap}
          onSelect={onSelect}
        />
      )}
      {selectedEnvironment &&
        (showCaptureStatus ||
          selectedEnvironment.connection.state !== 'connected') && (
          <EnvironmentStatus
            environment={selectedEnvironment}
            showQueues={showCaptureStatus}
          />
        )}
    </>
  );
}
