/**
 * Frontend of the dead-letter plugin: browse dead-lettered RabbitMQ messages.
 *
 * @packageDocumentation
 */
export { deadLetterPlugin as default } from './plugin';
export * from './api';
export { MessagesTable } from './components/MessagesTable';
export type { MessagesTableProps } from './components/MessagesTable';
export {
  approvalsRouteRef,
  messageRouteRef,
  replayRouteRef,
  replaysRouteRef,
  rootRouteRef,
} from './routes';
