import { formatDate, formatDateTime, formatRelative } from '../../lib/format';

/** `5 minutes ago`, with the exact local and UTC times on hover. */
export function RelativeTime(props: { value: string | undefined }) {
  if (!props.value) {
    return <span>—</span>;
  }
  return (
    <time
      dateTime={props.value}
      title={`${formatDateTime(props.value)} (${props.value})`}
    >
      {formatRelative(props.value)}
    </time>
  );
}

/** `2024-05-01` (local), with the UTC time on hover. */
export function DateOnly(props: { value: string | undefined }) {
  if (!props.value) {
    return <span>—</span>;
  }
  return (
    <time dateTime={props.value} title={props.value}>
      {formatDate(props.value)}
    </time>
  );
}
