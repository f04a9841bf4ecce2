import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { entityLogsContent, humioApi } from './extensions';

/** Humio in the portal: the "Logs" tab of component pages. */
export const humioPlugin = createFrontendPlugin({
  pluginId: 'humio',
  title: 'Humio',
  extensions: [humioApi, entityLogsContent],
});
