export { catalogIngestionApiRef } from './CatalogIngestionApi';
export type {
  CatalogIngestionApi,
  IngestionHealth,
  IngestionMark,
  ProviderActionResult,
  ProviderResetResult,
  ProviderStatus,
} from './CatalogIngestionApi';
export { CatalogIngestionClient } from './CatalogIngestionClient';
