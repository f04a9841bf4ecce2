export { CheckStateChip } from './CheckStateChip';
export { EntityLink, useEntityHref } from './EntityLink';
export { PercentBadge } from './PercentBadge';
export { TrackRollupBars, atLeast } from './TrackRollupBars';
