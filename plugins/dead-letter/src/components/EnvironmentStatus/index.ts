export { EnvironmentStatus, EnvironmentTabs } from './EnvironmentStatus';
