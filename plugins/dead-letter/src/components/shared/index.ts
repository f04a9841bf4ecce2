export { StateChip } from './StateChip';
export { EntityRef, OwnerRef } from './EntityRef';
export { RelativeTime, DateTime } from './Timestamp';
export { ErrorNotice, describeError, isForbidden } from './ErrorNotice';
export { Breakable } from './Breakable';
