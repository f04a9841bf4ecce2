import { formatDate, formatDateTime, formatRelative } from './format';

/** @public */
export type TimestampProps = { value: string | undefined };

function Missing() {
  return <span>—</span>;
}

/** `5 minutes ago`, with the exact local and UTC times on hover. @public */
export function RelativeTime(props: TimestampProps) {
  if (!props.value) {
    return <Missing />;
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

/** `2024-05-01 10:00:00` (local), with the UTC time on hover. @public */
export function DateTime(props: TimestampProps) {
  if (!props.value) {
    return <Missing />;
  }
  return (
    <time dateTime={props.value} title={props.value}>
      {formatDateTime(props.value)}
    </time>
  );
}

/** `2024-05-01` (local), with the UTC time on hover. @public */
export function DateOnly(props: TimestampProps) {
  if (!props.value) {
    return <Missing />;
  }
  return (
    <time dateTime={props.value} title={props.value}>
      {formatDate(props.value)}
    </time>
  );
}

/**
 * `in 24 hours (2024-05-02 10:00:00)`: relative, then the local time, with
 * the UTC time on hover.
 *
 * @public
 */
export function RelativeAndAbsolute(props: TimestampProps) {
  if (!props.value) {
    return <Missing />;
  }
  return (
    <time dateTime={props.value} title={props.value}>
      {formatRelative(props.value)} ({formatDateTime(props.value)})
    </time>
  );
}
