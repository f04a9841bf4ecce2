export { ErrorNotice, describeError, statusOf } from './ErrorNotice';
export { EntityRef } from './EntityRef';
export { DateTime, RelativeTime } from './Timestamp';
export { JobStateChip } from './JobStateChip';
export { JobProgress, progressText, speedText } from './JobProgress';
