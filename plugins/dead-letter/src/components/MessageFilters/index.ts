export { MessageFilters } from './MessageFilters';
export type { FilterOptions, MessageFiltersProps } from './MessageFilters';
