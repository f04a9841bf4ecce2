import type {
  DeadLetterFilter,
  DeadLetterMessage,
} from '@internal/backstage-plugin-dead-letter-common';

/** The filters that narrow a list or a replay beyond environment and state. */
export type NarrowingFilter = Pick<
  DeadLetterFilter,
  | 'owners'
  | 'unowned'
  | 'component'
  | 'queue'
  | 'reason'
  | 'group'
  | 'q'
  | 'from'
  | 'to'
>;

/** Whether a message matches the filters, roughly as the backend reads them. */
export function matchesNarrowing(
  m: DeadLetterMessage,
  filter: NarrowingFilter,
): boolean {
  const owners = filter.owners?.map(o => o.toLowerCase());
  const q = filter.q?.toLowerCase();
  return Boolean(
    (!owners?.length && !filter.unowned
      ? true
      : (m.ownerRef && owners?.includes(m.ownerRef.toLowerCase())) ||
        (!m.ownerRef && filter.unowned)) &&
      (!filter.component ||
        m.componentRef?.toLowerCase() === filter.component.toLowerCase()) &&
      (!filter.queue || m.sourceQueue === filter.queue) &&
      (!filter.reason || m.reason === filter.reason) &&
      (!filter.group || m.groupFingerprint === filter.group) &&
      (!q ||
        atob(m.bodyBase64).toLowerCase().includes(q) ||
        JSON.stringify(m.headers).toLowerCase().includes(q)) &&
      (!filter.from || m.capturedAt >= filter.from) &&
      (!filter.to || m.capturedAt < filter.to),
  );
}
