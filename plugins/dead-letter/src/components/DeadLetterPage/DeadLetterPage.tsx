import { Content } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { Link as RouterLink, Route, Routes } from 'react-router-dom';
import { AuditLog } from '../AuditLog';
import { DeadLetterBrowser } from '../DeadLetterBrowser';
import { MessagePage } from './MessagePage';

/** "Messages" and "Audit log", as links between the two routes. */
function PageTabs(props: { current: 'messages' | 'audit' }) {
  const { current } = props;
  return (
    <Box mb={2}>
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
          to={current === 'messages' ? '.' : '..'}
        />
        <Tab
          value="audit"
          label="Audit log"
          component={RouterLink}
          to={current === 'audit' ? '.' : 'audit'}
        />
      </Tabs>
    </Box>
  );
}

/**
 * The dead-letter page: the list at `/dead-letter` (filters in the query
 * string), the audit log at `/dead-letter/audit` and single messages at
 * `/dead-letter/messages/:id`.
 */
export function DeadLetterPage() {
  return (
    <Routes>
      <Route
        path="/"
        element={
          <Content>
            <PageTabs current="messages" />
            <DeadLetterBrowser showCounts showCaptureStatus />
          </Content>
        }
      />
      <Route
        path="/audit"
        element={
          <Content>
            <PageTabs current="audit" />
            <AuditLog />
          </Content>
        }
      />
      <Route path="/messages/:id" element={<MessagePage />} />
    </Routes>
  );
}
