import { makeStyles } from '@material-ui/core/styles';
import { type ChartRow, type TimeSeries, seriesKey } from './chartData';

const useStyles = makeStyles({
  // Visually hidden, yet read by screen readers (and by tests).
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    margin: -1,
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/** A chart's values as a table for screen readers: a row per time. */
export function ChartDataTable(props: {
  caption: string;
  timeHeading: string;
  series: TimeSeries[];
  rows: ChartRow[];
  formatTime: (at: number) => string;
  formatValue: (value: number) => string;
  testId?: string;
}) {
  const { caption, timeHeading, series, rows, formatTime, formatValue } = props;
  const classes = useStyles();
  return (
    <table className={classes.hidden} data-testid={props.testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{timeHeading}</th>
          {series.map(s => (
            <th key={s.name} scope="col">
              {s.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(row => (
          <tr key={row.at}>
            <th scope="row">{formatTime(row.at)}</th>
            {series.map((s, index) => {
              const value = row[seriesKey(index)];
              return (
                <td key={s.name}>
                  {value === undefined ? '' : formatValue(value)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
