export { StateChip } from './StateChip';
export { OwnerRef } from './OwnerRef';
