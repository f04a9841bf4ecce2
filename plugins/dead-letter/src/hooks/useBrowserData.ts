import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { deadLetterApiRef } from '../api';
import { MessageFilters, toListRequest } from '../lib/filters';
import { countsByEnvironment, filterGroups } from '../lib/groups';
import { useMessagePages } from './useMessagePages';

/**
 * What the messages browser shows for the filters: the environments, the
 * unresolved counts (with `showCounts`), the failure groups and the
 * messages, a page at a time. `reload` reads the messages, groups and counts
 * again (after an action changed states).
 */
export function useBrowserData(options: {
  filters: MessageFilters;
  /** Only this component's messages. */
  component?: string;
  showCounts?: boolean;
  pageSize: number;
}) {
  const { filters, component, showCounts, pageSize } = options;
  const api = useApi(deadLetterApiRef);
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
  const effective: MessageFilters = {
    ...filters,
    environment,
    component: component ?? filters.component,
  };
  const pages = useMessagePages(
    waitForDefault ? undefined : toListRequest(effective, pageSize),
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
  const countMap = useMemo(
    () =>
      counts.value ? countsByEnvironment(counts.value, filters) : undefined,
    [counts.value, filters],
  );

  const reload = () => {
    pages.reload();
    groups.retry();
    if (showCounts) counts.retry();
  };

  return {
    environments,
    counts,
    /** Unresolved messages per environment, for the owners filtered by. */
    countMap,
    environment,
    /** The filters with the default environment and the fixed component. */
    effective,
    pages,
    groups,
    allGroups,
    /** The groups matching the filters the groups API does not take. */
    shownGroups,
    selectedGroup: allGroups.find(g => g.fingerprint === filters.group),
    reload,
  };
}
