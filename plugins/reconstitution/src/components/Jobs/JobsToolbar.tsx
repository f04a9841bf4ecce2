import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Toolbar from '@material-ui/core/Toolbar';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import { plural } from '@internal/backstage-plugin-portal-react';

const useStyles = makeStyles(theme => ({
  toolbar: { gap: theme.spacing(2), flexWrap: 'wrap' },
  title: { flex: '1 1 auto' },
}));

/** "Jobs", whether they are updating, Refresh and the caller's actions. */
export function JobsToolbar(props: {
  active: number;
  pollIntervalMs: number;
  onRefresh: () => void;
  refreshing: boolean;
  actions?: ReactNode;
}) {
  const { active, pollIntervalMs } = props;
  const classes = useStyles();
  return (
    <Toolbar className={classes.toolbar}>
      <Box className={classes.title}>
        <Typography variant="h6" component="h2">
          Jobs
        </Typography>
        <Typography variant="body2" color="textSecondary" aria-live="polite">
          {active > 0
            ? `${plural(
                active,
                'job',
              )} pending or running — updating every ${Math.round(
                pollIntervalMs / 1000,
              )} s`
            : 'Newest first'}
        </Typography>
      </Box>
      <Tooltip title="Refresh">
        <span>
          <IconButton
            aria-label="Refresh jobs"
            onClick={props.onRefresh}
            disabled={props.refreshing}
          >
            <RefreshIcon />
          </IconButton>
        </span>
      </Tooltip>
      {props.actions}
    </Toolbar>
  );
}
