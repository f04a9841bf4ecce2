export { ReplayDialog } from './ReplayDialog';
export type { ReplayableMessage, ReplaySelection } from './ReplayDialog';
export { ReplayButton } from './ReplayButton';
export { ReplayStartedNotice } from './ReplayStartedNotice';
export { useReplay } from './useReplay';
