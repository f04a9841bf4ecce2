import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  footer: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
  },
}));

/** "Load more", or that every matching message is listed. */
export function MessagesFooter(props: {
  listed: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMoreError?: Error;
  onLoadMore: () => void;
}) {
  const { listed, hasMore, loadingMore, loadMoreError, onLoadMore } = props;
  const classes = useStyles();
  return (
    <Box className={classes.footer}>
      {hasMore ? (
        <Button variant="outlined" onClick={onLoadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </Button>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {listed === 1
            ? 'That is the only matching message.'
            : `All ${listed.toLocaleString()} matching messages are shown.`}
        </Typography>
      )}
      {loadMoreError && (
        <Typography variant="body2" color="error" role="alert">
          Could not load more: {loadMoreError.message}
        </Typography>
      )}
    </Box>
  );
}
