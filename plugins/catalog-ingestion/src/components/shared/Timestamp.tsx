import { formatDateTime, formatRelative } from '../../lib/format';

/**
 * `in 24 hours (2024-05-02 10:00:00)`: relative, then the local time, with
 * the UTC time on hover.
 */
export function RelativeAndAbsolute(props: { value: string | undefined }) {
  const { value } = props;
  if (!value) {
    return <span>—</span>;
  }
  return (
    <time dateTime={value} title={value}>
      {formatRelative(value)} ({formatDateTime(value)})
    </time>
  );
}
