import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** `/tech-insights?group=group%3Adefault%2Fsquad-aura` */
export function groupQuery(groupRef: string | undefined): string {
  if (!groupRef) {
    return '';
  }
  return `?${new URLSearchParams({ group: groupRef }).toString()}`;
}

/**
 * Links to the Tech Insights page, from its route ref: `undefined` where
 * the page is not part of the app (then no link is offered).
 */
export function useTechInsightsLinks() {
  const root = useRouteRef(rootRouteRef);
  return {
    /** The matrix, or with a group its drill-down. */
    pageHref: root
      ? (groupRef?: string) => `${root()}${groupQuery(groupRef)}`
      : undefined,
  };
}
