export { JobStateChip } from './JobStateChip';
export { JobProgress, progressText, speedText } from './JobProgress';
