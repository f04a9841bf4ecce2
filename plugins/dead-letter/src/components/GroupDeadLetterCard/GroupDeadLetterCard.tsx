import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard, LinkButton, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import {
  ErrorNotice,
  isForbidden,
} from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef } from '../../api';
import { toSearch } from '../../lib/filters';
import { rootRouteRef } from '../../routes';

type EnvironmentCount = { environment: string; count: number };

/** Where "Handle now" goes when the dead-letter page is not installed. */
const FALLBACK_PATH = '/dead-letter';

/**
 * Unresolved dead letters of a group (squad) per environment, each with a
 * "Handle now" link to the list filtered to that group.
 */
export function GroupDeadLetterCard() {
  const { entity } = useEntity();
  const ownerRef = stringifyEntityRef(entity);
  const api = useApi(deadLetterApiRef);
  const rootRoute = useRouteRef(rootRouteRef);
  const basePath = rootRoute?.() ?? FALLBACK_PATH;

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [counts, environments] = await Promise.all([
      api.getCounts({ owners: [ownerRef], states: ['unresolved'] }),
      // Only to list environments without dead letters too.
      api.getEnvironments().catch(() => []),
    ]);
    const perEnvironment = new Map<string, number>(
      environments.map(environment => [environment.name, 0]),
    );
    for (const count of counts) {
      if (count.state !== 'unresolved') continue;
      perEnvironment.set(
        count.environment,
        (perEnvironment.get(count.environment) ?? 0) + count.count,
      );
    }
    return [...perEnvironment].map(
      ([environment, count]): EnvironmentCount => ({ environment, count }),
    );
  }, [api, ownerRef]);

  const handleNowHref = (environment: string) =>
    `${basePath}${toSearch(
      new URLSearchParams([
        ['environment', environment],
        ['owner', ownerRef],
        ['state', 'unresolved'],
      ]),
    )}`;

  const total = value?.reduce((sum, item) => sum + item.count, 0) ?? 0;
  const summary = value
    ?.map(item => `${item.environment}: ${item.count.toLocaleString()}`)
    .join(', ');

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error && isForbidden(error)) {
    // Shown on every group page: a quiet note rather than a red error.
    content = (
      <Typography variant="body2" color="textSecondary">
        You do not have access to dead letters.
      </Typography>
    );
  } else if (error) {
    content = (
      <ErrorNotice
        title="Could not load dead letter counts"
        error={error}
        onRetry={retry}
      />
    );
  } else if (total === 0) {
    content = (
      <Box display="flex" alignItems="center" gridGap={12}>
        <CheckCircleOutlineIcon color="primary" />
        <Box>
          <Typography variant="subtitle1">No dead letters</Typography>
          <Typography variant="body2" color="textSecondary">
            No unresolved dead-lettered messages from this group's queues
            {value && value.length > 0
              ? ` in ${value.map(item => item.environment).join(' or ')}`
              : ''}
            .
          </Typography>
        </Box>
      </Box>
    );
  } else {
    content = (
      <>
        <Typography variant="body2" color="textSecondary">
          Unresolved — {summary}
        </Typography>
        <List dense>
          {value!.map(item => (
            <ListItem key={item.environment}>
              <ListItemText
                primary={`${item.environment}: ${item.count.toLocaleString()}`}
                secondary={
                  item.count === 1
                    ? '1 message waiting'
                    : `${item.count.toLocaleString()} messages waiting`
                }
              />
              {item.count > 0 && (
                <ListItemSecondaryAction>
                  <LinkButton
                    to={handleNowHref(item.environment)}
                    variant="outlined"
                    color="primary"
                    size="small"
                    aria-label={`Handle now in ${item.environment}`}
                    role="link"
                  >
                    Handle now
                  </LinkButton>
                </ListItemSecondaryAction>
              )}
            </ListItem>
          ))}
        </List>
      </>
    );
  }

  return <InfoCard title="Dead lettered messages">{content}</InfoCard>;
}
