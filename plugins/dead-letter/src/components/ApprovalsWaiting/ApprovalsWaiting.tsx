import useAsync from 'react-use/esm/useAsync';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { plural } from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef } from '../../api';

/** Requests counted at most (the backend's page limit). */
const COUNT_LIMIT = 200;

/**
 * "2 requests await your approval", linking to them; nothing when none
 * does or the count cannot be read (the Approvals tab says why then).
 */
export function ApprovalsWaiting(props: { approvalsHref: string }) {
  const api = useApi(deadLetterApiRef);
  const { value } = useAsync(async () => {
    const items = await api.listApprovals({
      state: 'awaiting-approval',
      limit: COUNT_LIMIT,
    });
    return items.filter(a => a.canDecide).length;
  }, [api]);
  if (!value) return null;
  return (
    <Box mb={2}>
      <Alert severity="warning" data-testid="approvals-waiting">
        <Link to={props.approvalsHref}>
          {`${plural(value, 'request')} ${
            value === 1 ? 'awaits' : 'await'
          } your approval`}
        </Link>
      </Alert>
    </Box>
  );
}
