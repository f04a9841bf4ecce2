import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** Offers the sign-in options named in `portal.signIn.providers`. */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { PortalSignInPage } = await import('./PortalSignInPage');
      return PortalSignInPage;
    },
  },
});
