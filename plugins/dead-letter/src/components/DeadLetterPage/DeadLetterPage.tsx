import { Content } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { DeadLetterBrowser } from '../DeadLetterBrowser';
import { MessagePage } from './MessagePage';

/**
 * The dead-letter page: the list at `/dead-letter` (filters in the query
 * string) and single messages at `/dead-letter/messages/:id`.
 */
export function DeadLetterPage() {
  return (
    <Routes>
      <Route
        path="/"
        element={
          <Content>
            <DeadLetterBrowser showCounts showCaptureStatus />
          </Content>
        }
      />
      <Route path="/messages/:id" element={<MessagePage />} />
    </Routes>
  );
}
