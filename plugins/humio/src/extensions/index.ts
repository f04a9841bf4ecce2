export { humioApi } from './humioApi';
export { entityLogsContent } from './entityLogsContent';
