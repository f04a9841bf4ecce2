import { MouseEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import { scorecardsApiRef } from '../../api';
import { refName } from '../../lib/scorecards';

/** `scorecards-squad-aura-2024-05-01.csv` */
function fileName(group: string | undefined): string {
  const day = new Date().toISOString().slice(0, 10);
  return `scorecards-${group ? refName(group) : 'organisation'}-${day}.csv`;
}

/**
 * "Download CSV": a link to the export (of a group, or everything). The
 * export needs the user's credentials, so a click fetches it through the
 * fetch API and saves it from a Blob URL.
 */
export function DownloadCsvButton(props: { group?: string }) {
  const { group } = props;
  const api = useApi(scorecardsApiRef);
  const href = useAsync(() => api.getExportUrl({ group }), [api, group]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const download = async (event: MouseEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const blob = await api.exportCsv({ group });
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = fileName(group);
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box display="inline-flex" flexDirection="column" gridGap={8}>
      <Button
        component="a"
        href={href.value ?? '#'}
        onClick={download}
        variant="outlined"
        startIcon={<GetAppIcon />}
        disabled={busy}
        data-testid="download-csv"
      >
        {busy ? 'Downloading…' : 'Download CSV'}
      </Button>
      {error && (
        <ErrorNotice
          title="Could not download the CSV"
          error={error}
          onDismiss={() => setError(undefined)}
        />
      )}
    </Box>
  );
}
