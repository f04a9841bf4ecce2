import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatDateTime } from '@internal/backstage-plugin-portal-react';
import type { GroupPullRequest } from '../../api';
import { formatRelative, labelColor } from '../../lib/format';

const useStyles = makeStyles(theme => ({
  row: {
    listStyle: 'none',
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  line: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.75),
  },
  title: {
    fontWeight: theme.typography.fontWeightMedium as number,
    wordBreak: 'break-word',
  },
  chip: {
    height: 20,
    fontSize: '0.75rem',
  },
  label: {
    height: 20,
    fontSize: '0.75rem',
    borderWidth: 2,
  },
}));

/** `3 days ago`, with the exact local time (and ISO) on hover. */
export function RelativeTime(props: { value: string; now: number }) {
  return (
    <time
      dateTime={props.value}
      title={`${formatDateTime(props.value, { seconds: false })} (${
        props.value
      })`}
    >
      {formatRelative(props.value, props.now)}
    </time>
  );
}

/**
 * One pull request: repository, title (to GitHub, in a new tab), draft
 * badge, labels, author and when it was created and last updated.
 */
export function PullRequestRow(props: {
  pullRequest: GroupPullRequest;
  now: number;
}) {
  const { pullRequest: pr, now } = props;
  const classes = useStyles();
  return (
    <li
      className={classes.row}
      data-testid={`pull-request-${pr.repository}#${pr.number}`}
    >
      <Box className={classes.line}>
        <Typography variant="body2" color="textSecondary" component="span">
          {pr.repository}
        </Typography>
        <Link
          href={pr.url}
          target="_blank"
          rel="noopener noreferrer"
          variant="body2"
          className={classes.title}
        >
          {pr.title}
        </Link>
        {pr.isDraft && (
          <Chip size="small" label="Draft" className={classes.chip} />
        )}
        {pr.labels.map(label => {
          const color = labelColor(label.color);
          return (
            <Chip
              key={label.name}
              size="small"
              variant="outlined"
              label={label.name}
              className={classes.label}
              // The colour as border only, and only when it is a colour.
              style={color ? { borderColor: color } : undefined}
              data-testid="pull-request-label"
            />
          );
        })}
      </Box>
      <Typography variant="caption" color="textSecondary" component="div">
        #{pr.number} by {pr.author?.login ?? 'a deleted user'} · created{' '}
        <RelativeTime value={pr.createdAt} now={now} /> · updated{' '}
        <RelativeTime value={pr.updatedAt} now={now} />
      </Typography>
    </li>
  );
}
