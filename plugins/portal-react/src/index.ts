/**
 * Shared frontend code of the portal's own plugins.
 *
 * @packageDocumentation
 */
export { useDecision } from './useDecision';
export type { DecisionKind, UseDecisionOptions } from './useDecision';
export {
  describeError,
  errorMessage,
  isForbidden,
  statusOf,
} from './errors/describeError';
export type { ErrorDescription } from './errors/describeError';
export { ErrorNotice } from './errors/ErrorNotice';
export type { ErrorNoticeProps } from './errors/ErrorNotice';
export {
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatRelative,
  fromDateTimeLocal,
  plural,
  toDateTimeLocal,
} from './format/format';
export {
  DateOnly,
  DateTime,
  RelativeAndAbsolute,
  RelativeTime,
} from './format/Timestamp';
export type { TimestampProps } from './format/Timestamp';
export { POLL_INTERVAL_MS, usePolling } from './polling/usePolling';
export type { PollingResult, UsePollingOptions } from './polling/usePolling';
export { useConfirmedAction } from './confirm/useConfirmedAction';
export type { UseConfirmedActionOptions } from './confirm/useConfirmedAction';
export { Breakable } from './entity/Breakable';
export { EntityRef } from './entity/EntityRef';
export type { EntityRefProps } from './entity/EntityRef';
export { PluginBackend, queryString } from './api/PluginBackend';
export type { QueryParams } from './api/PluginBackend';
export { TimeSeriesChart, useChartColours } from './charts';
export type {
  TimeSeries,
  TimeSeriesChartProps,
  TimeSeriesPoint,
} from './charts';
