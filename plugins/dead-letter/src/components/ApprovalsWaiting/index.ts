export { ApprovalsWaiting } from './ApprovalsWaiting';
