import { useRouteRef } from '@backstage/frontend-plugin-api';
import { jobRouteRef, newJobRouteRef, rootRouteRef } from '../routes';

/** Query string of `params`, with a leading `?` when there is any. */
function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Links between the plugin's pages, from its route refs: `undefined` where
 * the page is not part of the app (then no link is offered).
 */
export function useReconstitutionLinks() {
  const root = useRouteRef(rootRouteRef);
  const newJob = useRouteRef(newJobRouteRef);
  const job = useRouteRef(jobRouteRef);
  return {
    /** The jobs list, optionally filtered by receiver. */
    jobsHref: root
      ? (filters: { receiver?: string } = {}) => `${root()}${query(filters)}`
      : undefined,
    /** The "Add job" form, with a receiver (and environment) preselected. */
    newJobHref: newJob
      ? (preset: { receiver?: string; environment?: string } = {}) =>
          `${newJob()}${query(preset)}`
      : undefined,
    /** One job's page. */
    jobHref: job ? (id: string) => job({ id }) : undefined,
  };
}
