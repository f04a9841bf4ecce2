export { Jobs } from './Jobs';
export { JobsTable, selectionSummary } from './JobsTable';
