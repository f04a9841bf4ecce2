export { FailureGroupsTable } from './FailureGroupsTable';
