import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { signInPage } from './signInPage';

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
