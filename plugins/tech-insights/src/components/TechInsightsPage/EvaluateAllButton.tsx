import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { scorecardTracksManagePermission } from '@internal/backstage-plugin-tech-insights-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import Alert from '@material-ui/lab/Alert';
import {
  ErrorNotice,
  formatDuration,
  formatNumber,
  plural,
} from '@internal/backstage-plugin-portal-react';
import type { EvaluationSummary } from '../../api';
import { scorecardsApiRef } from '../../api';

/**
 * "Evaluate all now", for those who administer the tracks: evaluates every
 * component and says how many and how long it took.
 */
export function EvaluateAllButton(props: {
  onEvaluated?: (summary: EvaluationSummary) => void;
}) {
  const { onEvaluated } = props;
  const api = useApi(scorecardsApiRef);
  const permission = usePermission({
    permission: scorecardTracksManagePermission,
  });
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<EvaluationSummary>();
  const [error, setError] = useState<Error>();

  if (!permission.allowed) {
    return null;
  }

  const evaluate = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setSummary(undefined);
    try {
      const result = await api.evaluateAll();
      setSummary(result);
      onEvaluated?.(result);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box display="inline-flex" flexDirection="column" gridGap={8}>
      <Button
        variant="contained"
        color="primary"
        onClick={evaluate}
        disabled={busy}
        startIcon={
          busy ? (
            <CircularProgress size={16} color="inherit" aria-hidden />
          ) : (
            <PlayArrowIcon />
          )
        }
      >
        Evaluate all now
      </Button>
      {summary && (
        <Alert
          severity="success"
          onClose={() => setSummary(undefined)}
          data-testid="evaluation-summary"
        >
          Evaluated {plural(summary.entities, 'entity', 'entities')} (
          {formatNumber(summary.results)} check results) in{' '}
          {formatDuration(summary.durationMs / 1000, { subSecond: true })}.
        </Alert>
      )}
      {error && (
        <ErrorNotice
          title="Could not evaluate"
          error={error}
          onDismiss={() => setError(undefined)}
        />
      )}
    </Box>
  );
}
