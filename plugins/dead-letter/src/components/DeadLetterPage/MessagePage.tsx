import { Content, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { useParams } from 'react-router-dom';
import { messageRouteRef, rootRouteRef } from '../../routes';
import { MessageDetail } from '../MessageDetail';

/** One message on its own page: `/dead-letter/messages/:id`. */
export function MessagePage() {
  const { id } = useParams<{ id: string }>();
  const rootRoute = useRouteRef(rootRouteRef);
  const messageRoute = useRouteRef(messageRouteRef);
  const messageHref = (other: string) =>
    messageRoute?.({ id: other }) ?? `../${encodeURIComponent(other)}`;
  return (
    <Content>
      <Box mb={2}>
        <Link to={rootRoute?.() ?? '..'}>
          <Box display="flex" alignItems="center" gridGap={4}>
            <ArrowBackIcon fontSize="small" /> All dead letters
          </Box>
        </Link>
      </Box>
      {id && <MessageDetail id={id} messageHref={messageHref} />}
    </Content>
  );
}
