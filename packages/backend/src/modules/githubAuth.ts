import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
  createSignInResolverFactory,
  OAuthAuthenticatorResult,
  SignInInfo,
  AuthResolverContext,
  SignInResolverFactory,
} from '@backstage/plugin-auth-node';
import {
  githubAuthenticator,
  githubSignInResolvers,
  GithubProfile,
} from '@backstage/plugin-auth-backend-module-github-provider';

/** The annotation on User entities that holds the person's GitHub login. */
export const GITHUB_USER_LOGIN_ANNOTATION = 'github.com/user-login';

/** Config key of the organisation whose members may sign in. */
export const ORGANIZATION_KEY = 'portal.signIn.github.organization';
/** Config key of the GitHub host (an `integrations.github` entry) it lives on. */
export const HOST_KEY = 'portal.signIn.github.host';

const MEMBERSHIP_TIMEOUT_MS = 10_000;

/**
 * Signs a person in as the User entity that carries their GitHub login in the
 * `github.com/user-login` annotation. People without such a User entity are
 * refused: the catalog is the list of who may use the portal. The module
 * below puts the organisation membership check in front of it.
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

/** Throws unless the login is a member of the organisation. */
export type MembershipCheck = (login: string | undefined) => Promise<void>;

/**
 * Asks GitHub, with the integration's credentials for the host, whether a
 * login is a member of the organisation ("Check organization membership for
 * a user": 204 member, 404 not; 302 when the credentials themselves cannot
 * see the organisation's members). The answer is GitHub's, never the
 * catalog's: anyone may register a User entity carrying any login.
 */
export function createMembershipCheck(config: Config): MembershipCheck {
  const organization = config.getOptionalString(ORGANIZATION_KEY);
  if (!organization) {
    throw new Error(
      `GitHub sign-in requires ${ORGANIZATION_KEY}: only members of that GitHub organisation may sign in (set GITHUB_ORG for app-config.production.yaml)`,
    );
  }
  const host = config.getOptionalString(HOST_KEY) ?? 'github.com';
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(host);
  if (!integration) {
    throw new Error(
      `GitHub sign-in checks organisation membership on ${host} (${HOST_KEY}), but integrations.github has no entry for that host`,
    );
  }
  const { apiBaseUrl, token, apps } = integration.config;
  if (!apiBaseUrl || (!token && !apps?.length)) {
    throw new Error(
      `GitHub sign-in checks organisation membership with the integrations.github entry for ${host}, which needs an apiBaseUrl and a token or a GitHub App (GITHUB_TOKEN)`,
    );
  }
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const orgUrl = `https://${host}/${encodeURIComponent(organization)}`;

  return async login => {
    if (!login) {
      throw new NotAllowedError('GitHub did not return a login for this user');
    }
    let status: number;
    try {
      const { headers } = await credentials.getCredentials({ url: orgUrl });
      const res = await fetch(
        `${apiBaseUrl}/orgs/${encodeURIComponent(
          organization,
        )}/members/${encodeURIComponent(login)}`,
        {
          headers: { ...headers, accept: 'application/vnd.github+json' },
          redirect: 'manual',
          signal: AbortSignal.timeout(MEMBERSHIP_TIMEOUT_MS),
        },
      );
      status = res.status;
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not check with GitHub whether ${login} is a member of ${organization}; try again later`,
        error,
      );
    }
    if (status === 204) return;
    if (status === 404) {
      throw new NotAllowedError(
        `GitHub user ${login} is not a member of the ${organization} organisation, so cannot sign in to the portal`,
      );
    }
    // 302: the portal's credentials are not a member and only see public
    // memberships; 401/403/5xx: they are wrong or GitHub is unwell. Either
    // way nobody is let in on an answer GitHub did not give.
    throw new ServiceUnavailableError(
      `Could not check with GitHub whether ${login} is a member of ${organization} (GitHub answered ${status}); try again later`,
    );
  };
}

/** The factory with the membership check in front of every resolver it makes. */
export function requireMembership<TOptions>(
  factory: SignInResolverFactory<
    OAuthAuthenticatorResult<GithubProfile>,
    TOptions
  >,
  check: MembershipCheck,
): SignInResolverFactory<OAuthAuthenticatorResult<GithubProfile>, TOptions> {
  const wrapped = (...args: unknown[]) => {
    const resolver = (factory as (...a: unknown[]) => any)(...args);
    return async (
      info: SignInInfo<OAuthAuthenticatorResult<GithubProfile>>,
      ctx: AuthResolverContext,
    ) => {
      await check(info.result.fullProfile.username);
      return resolver(info, ctx);
    };
  };
  return Object.assign(wrapped, {
    optionsJsonSchema: factory.optionsJsonSchema,
  }) as SignInResolverFactory<
    OAuthAuthenticatorResult<GithubProfile>,
    TOptions
  >;
}

/**
 * The resolvers GitHub sign-in may be configured with, each refusing people
 * outside the organisation. The email-based common resolvers are left out:
 * GitHub emails are user-chosen.
 */
export function githubSignInResolverFactories(check: MembershipCheck) {
  return {
    userLoginMatchingUserEntityAnnotation: requireMembership(
      userLoginMatchingUserEntityAnnotation,
      check,
    ),
    usernameMatchingUserEntityName: requireMembership(
      githubSignInResolvers.usernameMatchingUserEntityName,
      check,
    ),
    userIdMatchingUserEntityAnnotation: requireMembership(
      githubSignInResolvers.userIdMatchingUserEntityAnnotation,
      check,
    ),
  };
}

/**
 * GitHub sign-in limited to members of `portal.signIn.github.organization`.
 * Replaces the stock github-provider module. Without `auth.providers.github`
 * nothing is registered; with it, a missing organisation or integration
 * stops the backend at start.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'github-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        if (!config.has('auth.providers.github')) return;
        const check = createMembershipCheck(config);
        providers.registerProvider({
          providerId: 'github',
          factory: createOAuthProviderFactory({
            authenticator: githubAuthenticator,
            signInResolverFactories: githubSignInResolverFactories(check),
          }),
        });
      },
    });
  },
});
