import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { gettingStartedWidget } from './gettingStartedWidget';
import { yourSquadsWidget } from './yourSquadsWidget';

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget, yourSquadsWidget],
});
