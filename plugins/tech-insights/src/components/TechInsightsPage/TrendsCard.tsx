import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import type { ScorecardTrack } from '../../api';
import { scorecardsApiRef } from '../../api';
import { TrendsChart } from './TrendsChart';

const DAYS = 90;

/**
 * "Trends": the percentage certified per level over the last 90 days of a
 * group (or the organisation), for the track chosen.
 */
export function TrendsCard(props: {
  tracks: ScorecardTrack[];
  group?: string;
  groupTitle: string;
}) {
  const { tracks, group, groupTitle } = props;
  const api = useApi(scorecardsApiRef);
  const [trackId, setTrackId] = useState(tracks[0]?.id ?? '');
  useEffect(() => {
    if (!tracks.some(t => t.id === trackId) && tracks[0]) {
      setTrackId(tracks[0].id);
    }
  }, [tracks, trackId]);
  const trend = useAsyncRetry(
    async () =>
      trackId ? api.getTrend({ group, track: trackId, days: DAYS }) : undefined,
    [api, group, trackId],
  );
  const track = tracks.find(t => t.id === trackId);

  return (
    <InfoCard
      title="Trends"
      subheader={`Components certified over the last ${DAYS} days · ${groupTitle}`}
    >
      <Box mb={2} maxWidth={320}>
        <TextField
          select
          id="tech-insights-trend-track"
          label="Track"
          value={trackId}
          onChange={e => setTrackId(e.target.value)}
          SelectProps={{ native: true }}
          variant="outlined"
          size="small"
          fullWidth
        >
          {tracks.map(t => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </TextField>
      </Box>
      {trend.error && (
        <ErrorNotice
          title="Could not read the trend"
          error={trend.error}
          onRetry={trend.retry}
        />
      )}
      {trend.loading && !trend.value && <Progress />}
      {trend.value && <TrendsChart points={trend.value.points} track={track} />}
    </InfoCard>
  );
}
