import { useLocation, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ErrorNotice,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import { scorecardsApiRef } from '../../api';
import { groupQuery, useTechInsightsLinks } from '../../hooks/useLinks';
import { DownloadCsvButton } from './DownloadCsvButton';
import { EvaluateAllButton } from './EvaluateAllButton';
import { GroupView } from './GroupView';
import { MatrixTable } from './MatrixTable';
import { TrendsCard } from './TrendsCard';

/** The matrix of every colony and squad, the organisation's trend, actions. */
function Overview(props: {
  groupHref: (groupRef: string) => string;
  onOpen: (groupRef: string) => void;
}) {
  const { groupHref, onOpen } = props;
  const api = useApi(scorecardsApiRef);
  const matrix = useAsyncRetry(() => api.getMatrix(), [api]);
  const evaluate = <EvaluateAllButton onEvaluated={() => matrix.retry()} />;

  if (matrix.loading && !matrix.value) {
    return <Progress />;
  }
  if (matrix.error && !matrix.value) {
    return (
      <ErrorNotice
        title="Could not read the scorecards"
        error={matrix.error}
        onRetry={matrix.retry}
      />
    );
  }
  const value = matrix.value;
  if (!value) {
    return null;
  }
  const empty =
    value.organisation.components === 0 &&
    value.colonies.every(c => c.components === 0) &&
    value.squads.every(s => s.components === 0);

  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      <Box
        display="flex"
        alignItems="flex-start"
        justifyContent="space-between"
        flexWrap="wrap"
        gridGap={16}
      >
        <Typography variant="body1" data-testid="matrix-evaluated">
          {value.evaluatedAt ? (
            <>
              Last evaluated <RelativeTime value={value.evaluatedAt} />
            </>
          ) : (
            'Not evaluated yet'
          )}
        </Typography>
        <Box
          display="flex"
          gridGap={16}
          flexWrap="wrap"
          alignItems="flex-start"
        >
          {!empty && <DownloadCsvButton />}
          {evaluate}
        </Box>
      </Box>
      {empty ? (
        <EmptyState
          missing="data"
          title="No components evaluated yet"
          description="The squads × tracks matrix fills in once components have been evaluated against the tracks."
        />
      ) : (
        <>
          <InfoCard
            title="Squads × tracks"
            subheader="Components certified (level 1 or higher) per colony and squad; a row opens its scorecards"
          >
            <MatrixTable matrix={value} groupHref={groupHref} onOpen={onOpen} />
          </InfoCard>
          {value.tracks.length > 0 && (
            <TrendsCard tracks={value.tracks} groupTitle="Organisation" />
          )}
        </>
      )}
    </Box>
  );
}

/**
 * The Tech Insights page: the squads × tracks matrix at `/tech-insights`,
 * one group's scorecards at `/tech-insights?group=group:default/squad-aura`.
 */
export function TechInsightsPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const { pageHref } = useTechInsightsLinks();
  const group = params.get('group') ?? undefined;
  const groupHref = (ref: string) =>
    pageHref ? pageHref(ref) : `${location.pathname}${groupQuery(ref)}`;
  const open = (ref: string) => setParams({ group: ref });

  return (
    <Page themeId="tool">
      <Header
        title="Tech Insights"
        subtitle="Engineering standards scorecards of components, squads and colonies"
      />
      <Content>
        {group ? (
          <GroupView
            groupRef={group}
            backHref={pageHref ? pageHref() : location.pathname}
            groupHref={groupHref}
          />
        ) : (
          <Overview groupHref={groupHref} onOpen={open} />
        )}
      </Content>
    </Page>
  );
}
