export { Providers, MANAGE_NOTE } from './Providers';
export { ProviderCard } from './ProviderCard';
export { ProviderStateChip } from './ProviderStateChip';
export type { ActionTarget, ProviderAction } from './useProviderActions';
