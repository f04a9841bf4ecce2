import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  commonSignInResolvers,
  createOAuthProviderFactory,
  createSignInResolverFactory,
  OAuthAuthenticatorResult,
  SignInInfo,
  AuthResolverContext,
} from '@backstage/plugin-auth-node';
import {
  githubAuthenticator,
  githubSignInResolvers,
  GithubProfile,
} from '@backstage/plugin-auth-backend-module-github-provider';

/** The annotation on User entities that holds the person's GitHub login. */
export const GITHUB_USER_LOGIN_ANNOTATION = 'github.com/user-login';

/**
 * Signs a person in as the User entity that carries their GitHub login in the
 * `github.com/user-login` annotation. People without such a User entity are
 * refused: the catalog is the list of who may use the portal.
 */
export const userLoginMatchingUserEntityAnnotation =
  createSignInResolverFactory({
    create() {
      return async (
        info: SignInInfo<OAuthAuthenticatorResult<GithubProfile>>,
        ctx: AuthResolverContext,
      ) => {
        const login = info.result.fullProfile.username;
        if (!login) {
          throw new Error('GitHub did not return a login for this user');
        }
        return ctx.signInWithCatalogUser({
          annotations: { [GITHUB_USER_LOGIN_ANNOTATION]: login },
        });
      };
    },
  });

/**
 * GitHub sign-in with the stock resolvers plus the login-annotation resolver
 * the example organisation uses. Replaces the stock github-provider module.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'github-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'github',
          factory: createOAuthProviderFactory({
            authenticator: githubAuthenticator,
            signInResolverFactories: {
              ...commonSignInResolvers,
              usernameMatchingUserEntityName:
                githubSignInResolvers.usernameMatchingUserEntityName,
              userIdMatchingUserEntityAnnotation:
                githubSignInResolvers.userIdMatchingUserEntityAnnotation,
              userLoginMatchingUserEntityAnnotation,
            },
          }),
        });
      },
    });
  },
});
