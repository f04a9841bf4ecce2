import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { statusOf } from '@internal/backstage-plugin-portal-react';
import { describeError } from '../../lib/errors';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(4) },
  code: {
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    background: theme.palette.background.default,
    padding: theme.spacing(1.5, 2),
    borderRadius: theme.shape.borderRadius,
    overflowX: 'auto',
    margin: theme.spacing(2, 0),
  },
  details: { marginTop: theme.spacing(2) },
  detailText: {
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
}));

const EXAMPLE = `catalog:
  providers:
    githubRepos:
      meridian: # shows up here as github-repos-meridian
        host: github.com
        organization: meridian
        schedule:
          burstInterval: { seconds: 30 }
          burstLength: { minutes: 3 }
          restLength: { hours: 1 }`;

/** Why the list could not be read, in words, for a 404 or a 500. */
function cause(error: Error): string {
  return statusOf(error) === 404
    ? 'The catalog backend does not serve the ingestion endpoints (404): is the backend module @backstage/plugin-catalog-backend-module-incremental-ingestion installed?'
    : 'The catalog backend could not read the ingestion engine’s records, most likely because its tables do not exist yet: they are created when the first provider starts.';
}

/**
 * No providers: none configured yet, or (with `error`, a 404 or 500 of the
 * provider list) the engine's tables or endpoints not there yet.
 */
export function NoProviders(props: { error?: Error }) {
  const { error } = props;
  const classes = useStyles();
  const described = error && describeError(error);
  return (
    <Paper className={classes.root} data-testid="no-providers">
      <Typography variant="h5" component="h2" gutterBottom>
        No incremental providers configured
      </Typography>
      <Typography>
        The catalog has no incremental entity providers yet. To stream every
        repository of a GitHub organisation into the catalog, add it under{' '}
        <code>catalog.providers.githubRepos</code> in app-config.yaml and
        restart the backend; the provider shows up here once it has started.
      </Typography>
      <Box component="pre" className={classes.code}>
        {EXAMPLE}
      </Box>
      {error && described && (
        <>
          <Typography variant="body2" color="textSecondary">
            {cause(error)}
          </Typography>
          <details className={classes.details}>
            <summary>Details</summary>
            <Typography
              variant="body2"
              component="p"
              className={classes.detailText}
            >
              {described.detail ? `${described.detail}: ` : ''}
              {described.message}
            </Typography>
          </details>
        </>
      )}
    </Paper>
  );
}
