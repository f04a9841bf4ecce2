import { Content } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import {
  Link as RouterLink,
  Route,
  Routes,
  useParams,
  useResolvedPath,
  useSearchParams,
} from 'react-router-dom';
import { Approvals } from '../Approvals';
import { ApprovalsWaiting } from '../ApprovalsWaiting';
import { AuditLog } from '../AuditLog';
import { ReplayJobDetail, ReplayJobs } from '../ReplayJobs';
import { DeadLetterBrowser } from '../DeadLetterBrowser';
import { QueueConflicts } from '../QueueConflicts';
import { MessagePage } from './MessagePage';

type View = 'messages' | 'replays' | 'approvals' | 'audit';

/** `base` and `path` joined with one slash (`base` may be `/`). */
function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`.replace(/\/+$/, '') || '/';
}

/**
 * "Messages", "Replays", "Approvals" and "Audit log", as links between the
 * routes. The environment picked on one view is kept on the others. Above
 * them, how many requests await the caller's approval (not on Approvals,
 * which lists them).
 */
function PageTabs(props: { current: View; base: string }) {
  const { current, base } = props;
  const [params] = useSearchParams();
  const environment = params.get('environment');
  const search = environment
    ? `?environment=${encodeURIComponent(environment)}`
    : '';
  return (
    <Box mb={2}>
      {current !== 'approvals' && (
        <ApprovalsWaiting approvalsHref={join(base, 'approvals')} />
      )}
      <Tabs
        value={current}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Dead letter views"
      >
        <Tab
          value="messages"
          label="Messages"
          component={RouterLink}
          to={`${join(base, '')}${search}`}
        />
        <Tab
          value="replays"
          label="Replays"
          component={RouterLink}
          to={`${join(base, 'replays')}${search}`}
        />
        <Tab
          value="approvals"
          label="Approvals"
          component={RouterLink}
          to={join(base, 'approvals')}
        />
        <Tab
          value="audit"
          label="Audit log"
          component={RouterLink}
          to={join(base, 'audit')}
        />
      </Tabs>
    </Box>
  );
}

/** One replay job on its own page: `/dead-letter/replays/:id`. */
function ReplayPage(props: { base: string }) {
  const { base } = props;
  const { id } = useParams<{ id: string }>();
  return (
    <Content>
      <PageTabs current="replays" base={base} />
      {id && (
        <ReplayJobDetail
          id={id}
          replaysHref={environment =>
            `${join(base, 'replays')}?environment=${encodeURIComponent(
              environment,
            )}`
          }
          messageHref={message =>
            join(base, `messages/${encodeURIComponent(message)}`)
          }
        />
      )}
    </Content>
  );
}

/**
 * The dead-letter page: the list at `/dead-letter` (filters in the query
 * string), replay jobs at `/dead-letter/replays` (one at
 * `/dead-letter/replays/:id`), requests awaiting a second person's approval
 * at `/dead-letter/approvals`, the audit log at `/dead-letter/audit` and
 * single messages at `/dead-letter/messages/:id`.
 */
export function DeadLetterPage() {
  // Where the page is mounted (`/dead-letter` in the app).
  const base = useResolvedPath('').pathname;
  return (
    <Routes>
      <Route
        path="/"
        element={
          <Content>
            <PageTabs current="messages" base={base} />
            <QueueConflicts />
            <DeadLetterBrowser showCounts showCaptureStatus />
          </Content>
        }
      />
      <Route
        path="/audit"
        element={
          <Content>
            <PageTabs current="audit" base={base} />
            <AuditLog />
          </Content>
        }
      />
      <Route
        path="/replays"
        element={
          <Content>
            <PageTabs current="replays" base={base} />
            <ReplayJobs
              replayHref={id => join(base, `replays/${encodeURIComponent(id)}`)}
            />
          </Content>
        }
      />
      <Route path="/replays/:id" element={<ReplayPage base={base} />} />
      <Route
        path="/approvals"
        element={
          <Content>
            <PageTabs current="approvals" base={base} />
            <Approvals />
          </Content>
        }
      />
      <Route path="/messages/:id" element={<MessagePage />} />
    </Routes>
  );
}
