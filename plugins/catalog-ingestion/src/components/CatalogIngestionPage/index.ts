export { CatalogIngestionPage } from './CatalogIngestionPage';
