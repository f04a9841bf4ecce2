export { catalogIngestionApi } from './catalogIngestionApi';
export { catalogIngestionPage } from './catalogIngestionPage';
