import { ReactNode, useMemo } from 'react';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import { useBrowserData } from '../../hooks/useBrowserData';
import { useCatalogGroups } from '../../hooks/useCatalogGroups';
import { useMessageFilters } from '../../hooks/useMessageFilters';
import type { useMessagePages } from '../../hooks/useMessagePages';
import { CLEARED_FILTERS } from '../../lib/filters';
import { filterOptions, groupsCaption } from '../../lib/groups';
import {
  canReplayMatching,
  groupReplaySelection,
  matchingReplaySelection,
} from '../../lib/replaySelection';
import { messageRouteRef } from '../../routes';
import { FailureGroupsTable } from '../FailureGroupsTable';
import { MessageDrawer } from '../MessageDetail';
import { useMessageActions } from '../MessageActions';
import { MessageFilters } from '../MessageFilters';
import { MessagesTable } from '../MessagesTable';
import { useReplay } from '../ReplayDialog';
import {
  ReplayMatchingButton,
  SelectedMessagesActions,
} from './BrowserActions';
import { EmptyMessages } from './EmptyMessages';
import { EnvironmentSection } from './EnvironmentSection';

/** Messages per page of the list. */
export const PAGE_SIZE = 50;

export type DeadLetterBrowserProps = {
  /**
   * Only this component's messages (entity ref); the component filter is
   * then hidden.
   */
  component?: string;
  /** Show unresolved counts on the environment tabs. */
  showCounts?: boolean;
  /** Show the per-queue capture status (the connection alert always shows). */
  showCaptureStatus?: boolean;
  /** More actions on selected messages, besides discard and restore. */
  selectionActions?: (selected: DeadLetterSummary[]) => ReactNode;
};

/** The list's props that follow its pages. */
function pagesProps(pages: ReturnType<typeof useMessagePages>) {
  return {
    items: pages.items,
    loading: pages.loading,
    error: pages.error,
    onRetry: pages.reload,
    totalEstimate: pages.totalEstimate,
    totalCapped: pages.totalCapped,
    hasMore: Boolean(pages.nextCursor),
    loadingMore: pages.loadingMore,
    loadMoreError: pages.loadMoreError,
    onLoadMore: pages.loadMore,
  };
}

/**
 * Environment switch, broker status, filters, failure groups and the
 * messages list, all driven by the URL query string.
 */
export function DeadLetterBrowser(props: DeadLetterBrowserProps) {
  const { component, showCounts, showCaptureStatus, selectionActions } = props;
  const messageRoute = useRouteRef(messageRouteRef);
  const catalogGroups = useCatalogGroups();
  const {
    filters,
    setFilters,
    filtersHref,
    openMessageId,
    openMessage,
    closeMessage,
    messageHref,
  } = useMessageFilters();
  const data = useBrowserData({
    filters,
    component,
    showCounts,
    pageSize: PAGE_SIZE,
  });
  const { environments, environment, effective, pages, groups } = data;

  const options = useMemo(
    () => filterOptions(catalogGroups, data.allGroups),
    [catalogGroups, data.allGroups],
  );

  // After a discard or restore: the states (and so the list and counts) changed.
  const actions = useMessageActions({ onChanged: data.reload });
  const replay = useReplay({ onChanged: data.reload });

  const { selectedGroup } = data;
  // The group counts are of unresolved messages only when the list is.
  const groupsShowUnresolved =
    !filters.states || filters.states.includes('unresolved');

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <EnvironmentSection
        environments={environments}
        counts={data.counts}
        countMap={data.countMap}
        selected={environment}
        onSelect={name =>
          // A failure group belongs to one environment.
          setFilters({ environment: name, group: undefined })
        }
        showCaptureStatus={showCaptureStatus}
      />
      <MessageFilters
        filters={filters}
        onChange={setFilters}
        options={options}
        hideComponent={Boolean(component)}
        groupLabel={
          selectedGroup &&
          `${selectedGroup.sourceQueue} · ${selectedGroup.reason}`
        }
      />
      {environment && (
        <FailureGroupsTable
          groups={data.shownGroups}
          loading={groups.loading}
          error={groups.error}
          selected={filters.group}
          groupHref={group => filtersHref({ group })}
          onSelect={group => setFilters({ group })}
          onRetry={groups.retry}
          caption={groupsCaption(filters, environment)}
          onReplay={
            groupsShowUnresolved
              ? group =>
                  replay.request(
                    groupReplaySelection(group, filters, component),
                  )
              : undefined
          }
        />
      )}
      {replay.notice}
      {actions.notice}
      <MessagesTable
        {...pagesProps(pages)}
        onRefresh={() => {
          data.reload();
          environments.retry();
        }}
        messageHref={messageHref}
        onOpen={openMessage}
        showEnvironment={!environment}
        emptyContent={
          <EmptyMessages
            filters={filters}
            environment={environment}
            forComponent={Boolean(component)}
            onClear={() => setFilters(CLEARED_FILTERS)}
          />
        }
        actions={
          canReplayMatching(filters, effective, pages) && (
            <ReplayMatchingButton
              onClick={() =>
                replay.request(
                  matchingReplaySelection(
                    effective,
                    environment!,
                    pages,
                    selectedGroup,
                  ),
                )
              }
            />
          )
        }
        selectionActions={selected => (
          <SelectedMessagesActions
            selected={selected}
            extra={selectionActions?.(selected)}
            busy={actions.busy}
            onReplay={messages =>
              replay.request({ kind: 'messages', messages, selected: true })
            }
            onAction={actions.request}
          />
        )}
      />
      {actions.dialog}
      {replay.dialog}
      <MessageDrawer
        id={openMessageId}
        onClose={closeMessage}
        onChanged={data.reload}
        messageHref={messageHref}
        pageHref={messageRoute ? id => messageRoute({ id }) : undefined}
      />
    </Box>
  );
}
