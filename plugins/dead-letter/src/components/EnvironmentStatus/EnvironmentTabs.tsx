import Chip from '@material-ui/core/Chip';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { makeStyles } from '@material-ui/core/styles';
import type { DeadLetterEnvironment } from '../../api';
import { isDown } from '../../lib/environments';

const useStyles = makeStyles(theme => ({
  tabLabel: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    textTransform: 'none',
  },
  dot: {
    width: 8,
    height: 8,
    borderRadius: '50%',
    display: 'inline-block',
  },
  connected: { backgroundColor: theme.palette.success.main },
  connecting: { backgroundColor: theme.palette.warning.main },
  down: { backgroundColor: theme.palette.error.main },
}));

/**
 * One tab per environment, with its unresolved count and a dot for the
 * broker connection (green connected, amber connecting, red down).
 */
export function EnvironmentTabs(props: {
  environments: DeadLetterEnvironment[];
  selected: string | undefined;
  /** Unresolved messages per environment, when known. */
  counts?: Map<string, number>;
  onSelect: (environment: string) => void;
}) {
  const { environments, selected, counts, onSelect } = props;
  const classes = useStyles();
  const known = environments.some(e => e.name === selected);
  return (
    <Tabs
      value={known ? selected : false}
      onChange={(_event, value: string) => onSelect(value)}
      indicatorColor="primary"
      textColor="primary"
      variant="scrollable"
      aria-label="Environment"
    >
      {environments.map(environment => {
        const count = counts?.get(environment.name);
        let dotClass = classes.connected;
        let connection = 'connected';
        if (isDown(environment)) {
          dotClass = classes.down;
          connection = `not connected (${environment.connection.state})`;
        } else if (environment.connection.state === 'connecting') {
          dotClass = classes.connecting;
          connection = 'connecting';
        }
        return (
          <Tab
            key={environment.name}
            value={environment.name}
            label={
              <span className={classes.tabLabel}>
                <span
                  className={`${classes.dot} ${dotClass}`}
                  title={`Broker ${connection}`}
                  aria-label={`Broker ${connection}`}
                  role="img"
                />
                {environment.name}
                {count !== undefined && (
                  <Chip
                    size="small"
                    label={count.toLocaleString()}
                    color={count > 0 ? 'secondary' : 'default'}
                    aria-label={`${count} unresolved`}
                  />
                )}
              </span>
            }
          />
        );
      })}
    </Tabs>
  );
}
