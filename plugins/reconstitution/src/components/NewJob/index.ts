export { NewJobForm } from './NewJobForm';
export { NewJobPage } from './NewJobPage';
