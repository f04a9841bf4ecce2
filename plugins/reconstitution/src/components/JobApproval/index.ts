export { JobApproval } from './JobApproval';
export { useDecideJob } from './useDecideJob';
