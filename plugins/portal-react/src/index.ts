/**
 * Shared frontend code of the portal's own plugins.
 *
 * @packageDocumentation
 */
export { useDecision } from './useDecision';
export type { DecisionKind, UseDecisionOptions } from './useDecision';
