import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import DeleteForeverIcon from '@material-ui/icons/DeleteForever';
import PauseIcon from '@material-ui/icons/Pause';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import SkipNextIcon from '@material-ui/icons/SkipNext';
import type { ReactNode } from 'react';
import {
  ErrorNotice,
  formatNumber,
  plural,
  RelativeAndAbsolute,
} from '@internal/backstage-plugin-portal-react';
import type { EntityCount } from '../../hooks/useEntityCounts';
import type { ProviderSnapshot } from '../../hooks/useIngestionSnapshot';
import { describeError } from '../../lib/errors';
import {
  cycleProgress,
  providerState,
  ProviderStateKind,
  showsNextActionTime,
} from '../../lib/state';
import { LastError } from './LastError';
import { ProviderStateChip } from './ProviderStateChip';
import {
  ACTION_LABELS,
  ActionTarget,
  ProviderAction,
} from './useProviderActions';

const useStyles = makeStyles(theme => ({
  heading: { overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
  },
  term: {
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    textTransform: 'uppercase',
    letterSpacing: 0.5,
  },
  value: { margin: 0 },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.8125rem',
  },
  stack: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  actions: {
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 2, 2),
  },
}));

const ACTION_ICONS: Record<ProviderAction, ReactNode> = {
  trigger: <SkipNextIcon />,
  pause: <PauseIcon />,
  resume: <PlayArrowIcon />,
  reset: <DeleteForeverIcon />,
};

/** The next action of a provider, in words fitting its state. */
function NextAction(props: {
  kind: ProviderStateKind | undefined;
  nextActionAt?: string;
}) {
  const { kind, nextActionAt } = props;
  if (!kind) return <>—</>;
  if (kind === 'bursting') return <>Now: a burst is running</>;
  if (kind === 'between-bursts')
    return <>Next burst at the engine’s next run</>;
  if (kind === 'waiting-to-start' || kind === 'restarting') {
    return <>New cycle at the engine’s next run</>;
  }
  return showsNextActionTime(kind) ? (
    <RelativeAndAbsolute value={nextActionAt} />
  ) : (
    <>—</>
  );
}

function Fact(props: { term: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <div>
      <Typography component="dt" className={classes.term}>
        {props.term}
      </Typography>
      <Typography component="dd" variant="body2" className={classes.value}>
        {props.children}
      </Typography>
    </div>
  );
}

function Entities(props: { counts?: EntityCount; available: boolean }) {
  const { counts, available } = props;
  const classes = useStyles();
  if (!available) {
    return <>— (this app has no catalog API)</>;
  }
  if (counts?.error) {
    return (
      <>
        Could not count them
        <span className={classes.secondary}>
          {describeError(counts.error).message}
        </span>
      </>
    );
  }
  if (counts?.total === undefined) {
    return <>Counting…</>;
  }
  return (
    <>
      {plural(counts.total, 'entity', 'entities')}
      {counts.byKind && counts.byKind.length > 0 && (
        <span className={classes.secondary}>
          {counts.byKind
            .map(({ kind, count }) => `${kind} ${formatNumber(count)}`)
            .join(' · ')}
        </span>
      )}
    </>
  );
}

/** A DOM id from a provider's name. */
function idFor(name: string) {
  return `catalog-ingestion-provider-${name.replace(/[^\w-]/g, '_')}`;
}

/**
 * One provider: its state, next action, the pages of the current cycle, the
 * entities it holds in the catalog and its last error; with the actions when
 * the user may manage ingestion. A region named by the provider.
 */
export function ProviderCard(props: {
  provider: ProviderSnapshot;
  counts?: EntityCount;
  countsAvailable: boolean;
  canManage: boolean;
  /** An action of this provider is running. */
  busy?: boolean;
  onAction: (target: ActionTarget) => void;
}) {
  const { provider, counts, countsAvailable, canManage, busy, onAction } =
    props;
  const classes = useStyles();
  const { name, status, statusError, marks, marksError } = provider;
  const state = status ? providerState(status, marks) : undefined;
  const progress = marks ? cycleProgress(marks) : undefined;
  const headingId = idFor(name);

  const lastErrorNote =
    state?.kind === 'bursting' || state?.kind === 'between-bursts'
      ? 'From an earlier burst of this cycle; the provider has carried on since.'
      : undefined;

  return (
    <Card
      component="section"
      aria-labelledby={headingId}
      data-testid={`provider-${name}`}
    >
      <CardHeader
        disableTypography
        title={
          <Typography
            variant="h6"
            component="h2"
            id={headingId}
            className={classes.heading}
          >
            {name}
          </Typography>
        }
        subheader={
          state && (
            <Typography variant="body2" color="textSecondary">
              {state.description}
            </Typography>
          )
        }
        action={
          state ? (
            <Box pt={1} pr={1}>
              <ProviderStateChip state={state} />
            </Box>
          ) : undefined
        }
      />
      <CardContent>
        <div className={classes.stack}>
          {statusError && (
            <ErrorNotice
              title={`Could not read the state of ${name}`}
              error={statusError}
            />
          )}
          <dl className={classes.facts}>
            <Fact term="Next action">
              <NextAction
                kind={state?.kind}
                nextActionAt={status?.nextActionAt}
              />
            </Fact>
            <Fact term="Pages this cycle">
              {progress ? (
                <>
                  {plural(progress.pages, 'page')}
                  {progress.lastPageAt && (
                    <span className={classes.secondary}>
                      Last page{' '}
                      <RelativeAndAbsolute value={progress.lastPageAt} />
                    </span>
                  )}
                  {progress.finished && (
                    <span className={classes.secondary}>
                      The cycle read the source to its end.
                    </span>
                  )}
                </>
              ) : (
                <>{marksError ? 'Unknown' : '—'}</>
              )}
            </Fact>
            <Fact term="Entities in the catalog">
              <Entities counts={counts} available={countsAvailable} />
            </Fact>
          </dl>
          {marksError && (
            <ErrorNotice
              severity="warning"
              title={`Could not read the pages of ${name}`}
              error={marksError}
            />
          )}
          {status?.lastError && (
            <LastError
              provider={name}
              text={status.lastError}
              severity={state?.kind === 'backing-off' ? 'error' : 'warning'}
              note={lastErrorNote}
            />
          )}
        </div>
      </CardContent>
      {canManage && (
        <CardActions className={classes.actions}>
          {(['trigger', 'pause', 'resume', 'reset'] as const).map(action => (
            <Button
              key={action}
              size="small"
              variant="outlined"
              color={action === 'reset' ? 'secondary' : 'default'}
              startIcon={ACTION_ICONS[action]}
              aria-label={`${ACTION_LABELS[action]} ${name}`}
              disabled={busy}
              onClick={() =>
                onAction({
                  action,
                  provider: name,
                  state,
                  progress,
                  nextActionAt: status?.nextActionAt,
                  entities: counts?.total,
                })
              }
            >
              {ACTION_LABELS[action]}
            </Button>
          ))}
        </CardActions>
      )}
    </Card>
  );
}
