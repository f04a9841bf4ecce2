import { makeStyles } from '@material-ui/core/styles';
import { formatPercent } from '../../lib/format';
import { PercentTone, percentTone } from '../../lib/scorecards';

const useStyles = makeStyles(theme => ({
  badge: {
    display: 'inline-block',
    minWidth: 48,
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.borderRadius,
    fontWeight: 700,
    textAlign: 'center',
  },
  good: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  fair: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  low: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  none: {
    backgroundColor: theme.palette.action.hover,
    color: theme.palette.text.secondary,
  },
}));

const TONE_WORDS: Record<PercentTone, string> = {
  good: 'good (80% or more)',
  fair: 'fair (50 to 79%)',
  low: 'low (under 50%)',
  none: 'no components',
};

/**
 * A percentage certified, coloured by how good it is (green ≥ 80, amber ≥ 50,
 * red below), always with the number itself and the rating on hover.
 */
export function PercentBadge(props: {
  percent: number | undefined;
  components?: number;
  'data-testid'?: string;
}) {
  const { percent, components } = props;
  const classes = useStyles();
  const tone = percentTone(percent, components);
  return (
    <span
      className={`${classes.badge} ${classes[tone]}`}
      title={TONE_WORDS[tone]}
      data-tone={tone}
      data-testid={props['data-testid']}
    >
      {tone === 'none' ? '—' : formatPercent(percent)}
    </span>
  );
}
