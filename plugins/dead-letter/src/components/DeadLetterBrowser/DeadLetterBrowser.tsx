import { ReactNode, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import ReplayIcon from '@material-ui/icons/Replay';
import Alert from '@material-ui/lab/Alert';
import { DeadLetterCount, FailureGroup, deadLetterApiRef } from '../../api';
import { useCatalogGroups } from '../../hooks/useCatalogGroups';
import { useMessageFilters } from '../../hooks/useMessageFilters';
import { useMessagePages } from '../../hooks/useMessagePages';
import {
  DEFAULT_STATES,
  MessageFilters as Filters,
  hasNarrowingFilters,
  toListRequest,
} from '../../lib/filters';
import { toReplayFilter } from '../../lib/replay';
import { messageRouteRef } from '../../routes';
import { EnvironmentStatus, EnvironmentTabs } from '../EnvironmentStatus';
import { FailureGroupsTable } from '../FailureGroupsTable';
import { MessageDrawer } from '../MessageDetail';
import { MessageActionButtons, useMessageActions } from '../MessageActions';
import { MessageFilters } from '../MessageFilters';
import { MessagesTable } from '../MessagesTable';
import { ReplayButton, useReplay } from '../ReplayDialog';
import { ErrorNotice } from '../shared';

/** Messages per page of the list. */
export const PAGE_SIZE = 50;

function ownerMatcher(filters: Filters) {
  const owners = new Set(filters.owners.map(owner => owner.toLowerCase()));
  if (owners.size === 0 && !filters.unowned) {
    return undefined;
  }
  return (ownerRef: string | undefined) =>
    ownerRef ? owners.has(ownerRef.toLowerCase()) : filters.unowned;
}

/** Unresolved messages per environment, for the owners filtered by. */
function countsByEnvironment(
  counts: DeadLetterCount[],
  filters: Filters,
): Map<string, number> {
  const matches = ownerMatcher(filters);
  const result = new Map<string, number>();
  for (const count of counts) {
    if (count.state !== 'unresolved') continue;
    if (matches && !matches(count.ownerRef)) continue;
    result.set(
      count.environment,
      (result.get(count.environment) ?? 0) + count.count,
    );
  }
  return result;
}

/** The groups matching the filters the groups API does not take. */
function filterGroups(
  groups: FailureGroup[],
  filters: Filters,
  component: string | undefined,
): FailureGroup[] {
  const matches = ownerMatcher(filters);
  return groups.filter(
    group =>
      (!matches || matches(group.ownerRef)) &&
      (!component ||
        group.componentRef?.toLowerCase() === component.toLowerCase()) &&
      (!filters.queue || group.sourceQueue === filters.queue) &&
      (!filters.reason || group.reason === filters.reason),
  );
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
}

/** The list shows exactly the unresolved messages (what a replay takes). */
function isUnresolvedOnly(filters: Filters) {
  return filters.states?.length === 1 && filters.states[0] === 'unresolved';
}

function isDefaultStates(filters: Filters) {
  return (
    filters.states?.length === DEFAULT_STATES.length &&
    filters.states.every(state => DEFAULT_STATES.includes(state))
  );
}

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

/**
 * Environment switch, broker status, filters, failure groups and the
 * messages list, all driven by the URL query string.
 */
export function DeadLetterBrowser(props: DeadLetterBrowserProps) {
  const { component, showCounts, showCaptureStatus, selectionActions } = props;
  const api = useApi(deadLetterApiRef);
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

  const environments = useAsyncRetry(() => api.getEnvironments(), [api]);
  const counts = useAsyncRetry(
    async () =>
      showCounts ? api.getCounts({ states: ['unresolved'] }) : undefined,
    [api, showCounts],
  );

  // Without `environment` in the URL, the first environment is shown; if the
  // environments cannot be listed, messages of all environments are.
  const environment = filters.environment ?? environments.value?.[0]?.name;
  const waitForDefault =
    !filters.environment && environments.loading && !environments.value;
  const effective: Filters = {
    ...filters,
    environment,
    component: component ?? filters.component,
  };
  const pages = useMessagePages(
    waitForDefault ? undefined : toListRequest(effective, PAGE_SIZE),
  );

  const serverOwners =
    filters.owners.length && !filters.unowned ? filters.owners : undefined;
  const groupsKey = JSON.stringify([environment, serverOwners, filters.states]);
  const groups = useAsyncRetry(
    async () =>
      environment
        ? api.getGroups({
            environment,
            owners: serverOwners,
            states: filters.states,
          })
        : [],
    // groupsKey stands for the owners and states.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, groupsKey],
  );

  const allGroups = useMemo(() => groups.value ?? [], [groups.value]);
  const shownGroups = useMemo(
    () => filterGroups(allGroups, filters, effective.component),
    [allGroups, filters, effective.component],
  );
  const options = useMemo(
    () => ({
      owners: unique([...catalogGroups, ...allGroups.map(g => g.ownerRef)]),
      components: unique(allGroups.map(g => g.componentRef)),
      queues: unique(allGroups.map(g => g.sourceQueue)),
      reasons: unique(allGroups.map(g => g.reason)),
    }),
    [catalogGroups, allGroups],
  );
  const countMap = useMemo(
    () =>
      counts.value ? countsByEnvironment(counts.value, filters) : undefined,
    [counts.value, filters],
  );

  // After a discard or restore: the states (and so the list and counts) changed.
  const reloadData = () => {
    pages.reload();
    groups.retry();
    if (showCounts) counts.retry();
  };
  const actions = useMessageActions({ onChanged: reloadData });
  const replay = useReplay({ onChanged: reloadData });

  const selectedEnvironment = environments.value?.find(
    e => e.name === environment,
  );
  const selectedGroup = allGroups.find(g => g.fingerprint === filters.group);
  const groupsCaption = [
    filters.states
      ? `${filters.states.join(' or ')} messages in ${environment}`.replace(
          /^./,
          c => c.toUpperCase(),
        )
      : `Messages in any state in ${environment}`,
    filters.q || filters.from || filters.to
      ? ' (not narrowed by the text search or time range)'
      : '',
  ].join('');

  const groupLabel = (group: FailureGroup) =>
    [group.sourceQueue, group.reason, group.exceptionType ?? group.messageType]
      .filter(Boolean)
      .join(' · ');

  // The group counts are of unresolved messages only when the list is.
  const groupsShowUnresolved =
    !filters.states || filters.states.includes('unresolved');
  const replayGroup = (group: FailureGroup) =>
    replay.request({
      kind: 'group',
      filter: {
        environment: group.environment,
        group: group.fingerprint,
        ...(component ? { component } : {}),
      },
      count: isUnresolvedOnly(filters) ? group.count : undefined,
      label: groupLabel(group),
      sourceQueue: group.sourceQueue,
    });

  // "Replay all matching" needs a narrowed list of unresolved messages: the
  // replay then takes what the person sees (and no more).
  const canReplayMatching =
    Boolean(environment) &&
    isUnresolvedOnly(filters) &&
    hasNarrowingFilters(effective) &&
    !pages.loading &&
    !pages.error &&
    (pages.totalEstimate ?? pages.items.length) > 0;
  const replayMatching = () =>
    replay.request({
      kind: 'filter',
      filter: toReplayFilter(effective, environment!),
      // A capped count is not the number that will be replayed.
      count: pages.totalCapped ? undefined : pages.totalEstimate,
      groupLabel: selectedGroup ? groupLabel(selectedGroup) : undefined,
    });

  const narrowed = hasNarrowingFilters(filters);
  const subject = component ? ' for this component' : '';
  const emptyContent =
    !narrowed && isDefaultStates(filters) ? (
      <Box
        display="flex"
        alignItems="center"
        justifyContent="center"
        gridGap={8}
      >
        <CheckCircleOutlineIcon color="primary" />
        <Typography>
          No unresolved dead letters{subject}
          {environment ? ` in ${environment}` : ''}.
        </Typography>
      </Box>
    ) : (
      <Box>
        <Typography gutterBottom>
          No dead letters{subject} match these filters
          {environment ? ` in ${environment}` : ''}.
        </Typography>
        {narrowed && (
          <Button
            variant="outlined"
            onClick={() =>
              setFilters({
                owners: [],
                unowned: false,
                component: undefined,
                queue: undefined,
                reason: undefined,
                group: undefined,
                q: undefined,
                from: undefined,
                to: undefined,
              })
            }
          >
            Clear filters
          </Button>
        )}
      </Box>
    );

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      {environments.error && (
        <ErrorNotice
          title="Could not load the environments"
          error={environments.error}
          onRetry={environments.retry}
        />
      )}
      {counts.error && (
        <ErrorNotice
          title="Could not load the unresolved counts"
          error={counts.error}
          onRetry={counts.retry}
        />
      )}
      {environments.value && environments.value.length === 0 && (
        <Alert severity="info">
          The dead-letter backend has no environments configured.
        </Alert>
      )}
      {environments.value && environments.value.length > 0 && (
        <EnvironmentTabs
          environments={environments.value}
          selected={environment}
          counts={countMap}
          onSelect={name =>
            // A failure group belongs to one environment.
            setFilters({ environment: name, group: undefined })
          }
        />
      )}
      {selectedEnvironment &&
        (showCaptureStatus ||
          selectedEnvironment.connection.state !== 'connected') && (
          <EnvironmentStatus
            environment={selectedEnvironment}
            showQueues={showCaptureStatus}
          />
        )}
      <MessageFilters
        filters={filters}
        onChange={setFilters}
        options={options}
        hideComponent={Boolean(component)}
        groupLabel={
          selectedGroup
            ? `${selectedGroup.sourceQueue} · ${selectedGroup.reason}`
            : undefined
        }
      />
      {environment && (
        <FailureGroupsTable
          groups={shownGroups}
          loading={groups.loading}
          error={groups.error}
          selected={filters.group}
          groupHref={group => filtersHref({ group })}
          onSelect={group => setFilters({ group })}
          onRetry={groups.retry}
          caption={groupsCaption}
          onReplay={groupsShowUnresolved ? replayGroup : undefined}
        />
      )}
      {replay.notice}
      {actions.notice}
      <MessagesTable
        items={pages.items}
        loading={pages.loading}
        error={pages.error}
        onRetry={pages.reload}
        totalEstimate={pages.totalEstimate}
        totalCapped={pages.totalCapped}
        hasMore={Boolean(pages.nextCursor)}
        loadingMore={pages.loadingMore}
        loadMoreError={pages.loadMoreError}
        onLoadMore={pages.loadMore}
        onRefresh={() => {
          reloadData();
          environments.retry();
        }}
        messageHref={messageHref}
        onOpen={openMessage}
        showEnvironment={!environment}
        emptyContent={emptyContent}
        actions={
          canReplayMatching && (
            <Button
              size="small"
              variant="outlined"
              color="primary"
              startIcon={<ReplayIcon />}
              onClick={replayMatching}
            >
              Replay all matching
            </Button>
          )
        }
        selectionActions={selected => (
          <>
            {selectionActions?.(selected)}
            <ReplayButton
              messages={selected}
              onClick={() =>
                replay.request({
                  kind: 'messages',
                  messages: selected,
                  selected: true,
                })
              }
            />
            <MessageActionButtons
              messages={selected}
              busy={actions.busy}
              onAction={actions.request}
            />
          </>
        )}
      />
      {actions.dialog}
      {replay.dialog}
      <MessageDrawer
        id={openMessageId}
        onClose={closeMessage}
        onChanged={reloadData}
        messageHref={messageHref}
        pageHref={messageRoute ? id => messageRoute({ id }) : undefined}
      />
    </Box>
  );
}
