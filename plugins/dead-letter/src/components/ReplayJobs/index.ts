export { ReplayJobs } from './ReplayJobs';
export { ReplayJobDetail } from './ReplayJobDetail';
export { ReplayProgress } from './ReplayProgress';
export { ReplayStateChip } from './ReplayStateChip';
