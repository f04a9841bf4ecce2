export { CheckStateChip } from './CheckStateChip';
export { EntityLink, useEntityHref } from './EntityLink';
export { ErrorNotice, describeError, statusOf } from './ErrorNotice';
export { PercentBadge } from './PercentBadge';
export { DateOnly, RelativeTime } from './Timestamp';
export { TrackRollupBars, atLeast } from './TrackRollupBars';
