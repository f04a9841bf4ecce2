import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { plural } from '@internal/backstage-plugin-portal-react';
import type { GroupPullRequestsOk } from '../../api';

type Refused = NonNullable<GroupPullRequestsOk['refusedRepositories']>;

/** Names in the one-line summary; the rest only in the list. */
const NAMED = 3;

/**
 * Repositories the group's components name outside the portal's GitHub
 * organisations, which the backend refused to read. The names come from
 * catalog annotations anyone can write, so they are plain text: never links,
 * never markup.
 */
export function RefusedRepositoriesNote(props: { refused: Refused }) {
  const { refused } = props;
  const [expanded, setExpanded] = useState(false);
  const count = refused.length;
  const named = refused
    .slice(0, NAMED)
    .map(r => r.repository)
    .join(', ');
  const listId = 'github-pull-requests-refused';
  return (
    <Box data-testid="refused-repositories" style={{ wordBreak: 'break-word' }}>
      <Typography variant="caption" component="p">
        {plural(count, 'repository is', 'repositories are')} outside the
        organisation and {count === 1 ? 'was' : 'were'} not read: {named}
        {count > NAMED ? ' …' : ''}{' '}
        <Button
          size="small"
          color="primary"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Hide details' : 'Details'}
        </Button>
      </Typography>
      {expanded && (
        <Box
          component="ul"
          id={listId}
          aria-label="Repositories not read"
          m={0}
          pl={2}
        >
          {refused.map((r, index) => (
            <Typography
              key={`${index}:${r.repository}`}
              component="li"
              variant="caption"
              style={{ display: 'list-item' }}
            >
              {r.repository}: {r.reason}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}
