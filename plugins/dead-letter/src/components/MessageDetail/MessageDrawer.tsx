import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { MessageDetail } from './MessageDetail';

const useStyles = makeStyles(theme => ({
  paper: {
    width: 'min(1100px, 92vw)',
    padding: theme.spacing(2, 3, 4),
  },
  bar: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
  },
}));

/**
 * One message's details over the list, so the list (and its loaded pages)
 * stays as it was. The open message is in the URL (`?message=`).
 */
export function MessageDrawer(props: {
  id: string | undefined;
  onClose: () => void;
  /** Link target of another message in this drawer. */
  messageHref: (id: string) => string;
  /** Link target of the message's own page, when the page is installed. */
  pageHref?: (id: string) => string | undefined;
  /** The message was discarded or restored here. */
  onChanged?: () => void;
}) {
  const { id, onClose, messageHref, pageHref, onChanged } = props;
  const classes = useStyles();
  const page = id ? pageHref?.(id) : undefined;
  return (
    <Drawer
      anchor="right"
      open={Boolean(id)}
      onClose={onClose}
      classes={{ paper: classes.paper }}
    >
      <Box className={classes.bar}>
        {page && (
          <Link to={page}>
            <Box display="flex" alignItems="center" gridGap={4}>
              Open as page <OpenInNewIcon fontSize="small" />
            </Box>
          </Link>
        )}
        <IconButton aria-label="Close message" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Box>
      {id && (
        <MessageDetail
          id={id}
          messageHref={messageHref}
          onChanged={onChanged}
        />
      )}
    </Drawer>
  );
}
