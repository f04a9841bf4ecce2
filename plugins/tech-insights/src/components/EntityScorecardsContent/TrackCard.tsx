import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  CheckResult,
  Exemption,
  ScorecardCheck,
  ScorecardLevel,
  ScorecardTrack,
  TrackResult,
} from '../../api';
import { levelText, sortedLevels } from '../../lib/scorecards';
import { CheckRow } from './CheckRow';

const useStyles = makeStyles(theme => ({
  level: { fontWeight: 700 },
  stepper: { padding: theme.spacing(2, 0), backgroundColor: 'transparent' },
  section: { marginTop: theme.spacing(2) },
  sectionTitle: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    borderBottom: `2px solid ${theme.palette.divider}`,
    paddingBottom: theme.spacing(0.5),
  },
}));

/** What a check row offers: the actions allowed to the user. */
export type CheckActions = {
  exemptionOf: (checkId: string) => Exemption | undefined;
  onExempt?: (check: ScorecardCheck) => void;
  onRevoke?: (check: ScorecardCheck, exemption: Exemption) => void;
};

function missingResult(checkId: string): CheckResult {
  return {
    checkId,
    state: 'unknown',
    reason: 'Not evaluated yet',
    facts: {},
    since: '',
  };
}

/** A track's definition when the tracks could not be read: from its result. */
function fallbackTrack(result: TrackResult): ScorecardTrack {
  return {
    id: result.trackId,
    title: result.trackId,
    description: '',
    appliesTo: { kinds: [] },
    levels: [],
  };
}

function LevelSection(props: {
  trackId: string;
  title: string;
  reached?: boolean;
  checks: Array<{ check: ScorecardCheck; result: CheckResult }>;
  actions: CheckActions;
}) {
  const { trackId, title, reached, checks, actions } = props;
  const classes = useStyles();
  const id = `level-${trackId}-${title.replace(/\W+/g, '-')}`;
  return (
    <Box className={classes.section} component="section" aria-labelledby={id}>
      <Box className={classes.sectionTitle}>
        <Typography variant="h6" component="h3" id={id}>
          {title}
        </Typography>
        {reached !== undefined && (
          <Typography variant="body2" color="textSecondary">
            {reached ? 'reached' : 'not reached'}
          </Typography>
        )}
      </Box>
      <Box role="list">
        {checks.map(({ check, result }) => {
          const exemption = actions.exemptionOf(check.id);
          return (
            <CheckRow
              key={check.id}
              check={check}
              result={result}
              exemption={exemption}
              onExempt={
                actions.onExempt ? () => actions.onExempt!(check) : undefined
              }
              onRevoke={
                actions.onRevoke && exemption
                  ? () => actions.onRevoke!(check, exemption)
                  : undefined
              }
            />
          );
        })}
      </Box>
    </Box>
  );
}

/**
 * One track of a component: the level reached ("Level 2 of 3 · Silver"),
 * the levels as steps, and each level's checks with their results.
 */
export function TrackCard(props: {
  track: ScorecardTrack | undefined;
  result: TrackResult;
  actions: CheckActions;
}) {
  const { result, actions } = props;
  const classes = useStyles();
  const track = props.track ?? fallbackTrack(result);
  const levels: ScorecardLevel[] = sortedLevels(track);
  const results = new Map(result.checks.map(c => [c.checkId, c]));
  const defined = new Set<string>();
  for (const level of levels) {
    for (const check of level.checks) defined.add(check.id);
  }
  // Results of checks the track no longer (or not yet) defines.
  const others = result.checks
    .filter(c => !defined.has(c.checkId))
    .map(c => ({
      check: {
        id: c.checkId,
        name: c.checkId,
        description: '',
        remediation: '',
        factIds: [],
        rule: { all: [] },
      } as ScorecardCheck,
      result: c,
    }));

  return (
    <Box data-testid={`track-${result.trackId}`}>
      <InfoCard title={track.title} subheader={track.description}>
        <Typography
          variant="h5"
          component="p"
          className={classes.level}
          data-testid={`track-level-${result.trackId}`}
        >
          {levelText(track, result.level, result.maxLevel)}
        </Typography>
        {levels.length > 0 && (
          <Stepper
            activeStep={Math.min(result.level, levels.length)}
            alternativeLabel
            className={classes.stepper}
            aria-label={`Levels of ${track.title}`}
          >
            {levels.map(level => {
              const reached = result.level >= level.level;
              return (
                <Step key={level.level} completed={reached}>
                  <StepLabel
                    optional={
                      <Typography variant="caption" color="textSecondary">
                        {reached ? 'Reached' : 'Not reached'}
                      </Typography>
                    }
                  >
                    L{level.level} · {level.name}
                  </StepLabel>
                </Step>
              );
            })}
          </Stepper>
        )}
        {levels.map(level => (
          <LevelSection
            key={level.level}
            trackId={track.id}
            title={`Level ${level.level} · ${level.name}`}
            reached={result.level >= level.level}
            checks={level.checks.map(check => ({
              check,
              result: results.get(check.id) ?? missingResult(check.id),
            }))}
            actions={actions}
          />
        ))}
        {others.length > 0 && (
          <LevelSection
            trackId={track.id}
            title="Other checks"
            checks={others}
            actions={actions}
          />
        )}
      </InfoCard>
    </Box>
  );
}
