export { EnvironmentStatus } from './EnvironmentStatus';
export { EnvironmentTabs } from './EnvironmentTabs';
