export { JobDetail } from './JobDetail';
export { ProgressChart } from './ProgressChart';
