export { MessagesTable } from './MessagesTable';
export type { MessagesTableProps } from './MessagesTable';
