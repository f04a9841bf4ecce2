import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
  item: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

/**
 * A line sample and a text per series. Hidden from screen readers, which
 * read the chart's data table instead.
 */
export function ChartLegend(props: {
  items: Array<{ key: string; text: string; colour: string; dash?: string }>;
}) {
  const classes = useStyles();
  return (
    <Box className={classes.legend} aria-hidden>
      {props.items.map(item => (
        <Box key={item.key} className={classes.item}>
          <svg width={28} height={8}>
            <line
              x1={0}
              x2={28}
              y1={4}
              y2={4}
              stroke={item.colour}
              strokeWidth={2}
              strokeDasharray={item.dash}
            />
          </svg>
          <Typography variant="caption">{item.text}</Typography>
        </Box>
      ))}
    </Box>
  );
}
