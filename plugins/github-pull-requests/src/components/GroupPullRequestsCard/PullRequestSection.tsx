import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { GroupPullRequest } from '../../api';
import { PullRequestRow } from './PullRequestRow';

/** Rows shown before "Show all". */
export const COLLAPSED_ROWS = 10;

/**
 * One review state: a heading with the count ("Review required (3)", shown
 * in capitals) and its pull requests, the first 10 until "Show all".
 */
export function PullRequestSection(props: {
  id: string;
  title: string;
  pullRequests: GroupPullRequest[];
  now: number;
}) {
  const { id, title, pullRequests, now } = props;
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? pullRequests : pullRequests.slice(0, COLLAPSED_ROWS);
  const headingId = `github-pull-requests-${id}`;
  return (
    <Box component="section" aria-labelledby={headingId} mb={2}>
      <Typography
        id={headingId}
        component="h3"
        variant="overline"
        color="textSecondary"
        style={{ display: 'block', lineHeight: 1.8 }}
      >
        {title} ({pullRequests.length})
      </Typography>
      {pullRequests.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        <Box component="ul" m={0} p={0}>
          {shown.map(pr => (
            <PullRequestRow
              key={`${pr.repository}#${pr.number}`}
              pullRequest={pr}
              now={now}
            />
          ))}
        </Box>
      )}
      {pullRequests.length > COLLAPSED_ROWS && (
        <Button
          size="small"
          color="primary"
          aria-expanded={expanded}
          aria-label={
            expanded
              ? `Show fewer in ${title}`
              : `Show all ${pullRequests.length} in ${title}`
          }
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show fewer' : `Show all ${pullRequests.length}`}
        </Button>
      )}
    </Box>
  );
}
