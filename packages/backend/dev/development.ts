/*
 * Preloaded by `yarn start` (package.json: backstage-cli package start
 * --require ./dev/development.ts), never part of the production build:
 * the features only local development has.
 */
import { addDevelopmentFeature } from '../src/developmentFeatures';

// Guest sign-in ("Enter" on the sign-in page) as auth.providers.guest's
// userEntityRef, user:default/guest of the example organisation.
addDevelopmentFeature(
  import('@backstage/plugin-auth-backend-module-guest-provider'),
);
