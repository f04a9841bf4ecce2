export { QueueConflicts } from './QueueConflicts';
