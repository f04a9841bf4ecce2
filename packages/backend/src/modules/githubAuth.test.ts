import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import githubAuth, { createMembershipCheck } from './githubAuth';

jest.setTimeout(60_000);

const TOKEN = 'integration-token';
const CLIENT = { clientId: 'portal-client', clientSecret: 'portal-secret' };
const ORG = 'meridian-bank';

function user(name: string, login: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'github.com/user-login': login },
    },
    spec: { memberOf: ['squad-aura'] },
  };
}

interface FrameResponse {
  response?: { backstageIdentity?: { identity: { userEntityRef: string } } };
  error?: { name: string; message: string };
}

/**
 * GitHub sign-in through the real auth backend and the local GitHub's OAuth
 * web flow: the membership check and the catalog lookup decide.
 */
describe('GitHub sign-in', () => {
  let github: LocalGitHub;
  let backendUrl: string;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    github = await startGitHubServer({
      repoCount: 5,
      org: ORG,
      token: TOKEN,
      members: ['meridian-guest', 'member-without-user'],
      outsideUsers: ['former-colleague'],
      oauthApp: CLIENT,
    });
    const backend = await startTestBackend({
      features: [
        authPlugin,
        githubAuth,
        catalogServiceMock.factory({
          entities: [
            user('guest', 'meridian-guest'),
            // Anyone may register a User entity carrying any login.
            user('impostor', 'former-colleague'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: {
              environment: 'development',
              providers: {
                github: {
                  development: {
                    ...CLIENT,
                    enterpriseInstanceUrl: github.url,
                    signIn: {
                      resolvers: [
                        { resolver: 'userLoginMatchingUserEntityAnnotation' },
                      ],
                    },
                  },
                },
              },
            },
            integrations: {
              github: [
                { host: github.host, apiBaseUrl: github.url, token: TOKEN },
              ],
            },
            portal: {
              signIn: { github: { organization: ORG, host: github.host } },
            },
          },
        }),
      ],
    });
    const address = backend.server.address();
    backendUrl = `http://localhost:${
      typeof address === 'object' && address ? address.port : 0
    }`;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await github.close();
  });

  beforeEach(() => github.control.reset());

  /** The popup's journey: start, the GitHub sign-in page, the frame handler. */
  async function signInAs(login: string): Promise<FrameResponse> {
    const start = await fetch(
      `${backendUrl}/api/auth/github/start?env=development&scope=read:user`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    const nonce = /github-nonce=([^;]+)/.exec(
      start.headers.get('set-cookie') ?? '',
    )![1];
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(
      `${github.url}/login/oauth/authorize`,
    );
    const fields = Object.fromEntries(authorize.searchParams);
    const granted = await fetch(`${github.url}/login/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, login }).toString(),
      redirect: 'manual',
    });
    expect(granted.status).toBe(302);
    const callback = new URL(granted.headers.get('location')!);
    const frame = await fetch(
      `${backendUrl}${callback.pathname}${callback.search}`,
      { headers: { cookie: `github-nonce=${nonce}` } },
    );
    const data = /decodeURIComponent\('([^']*)'\)/.exec(await frame.text());
    return JSON.parse(decodeURIComponent(data![1]));
  }

  it('signs a member of the organisation in as their User', async () => {
    const result = await signInAs('meridian-guest');
    expect(result.error).toBeUndefined();
    expect(result.response?.backstageIdentity?.identity.userEntityRef).toBe(
      'user:default/guest',
    );
  });

  it('refuses a GitHub user outside the organisation, even with a User entity', async () => {
    const result = await signInAs('former-colleague');
    expect(result.response).toBeUndefined();
    expect(result.error).toEqual({
      name: 'NotAllowedError',
      message:
        'GitHub user former-colleague is not a member of the meridian-bank organisation, so cannot sign in to the portal',
    });
  });

  it('refuses a member without a User entity', async () => {
    const result = await signInAs('member-without-user');
    expect(result.response).toBeUndefined();
    expect(result.error?.message).toMatch(/unable to resolve user identity/);
  });

  it('refuses everyone when GitHub cannot answer the membership check', async () => {
    github.control.injectFault({
      status: 502,
      pathPattern: '/orgs/meridian-bank/members/',
    });
    const result = await signInAs('meridian-guest');
    expect(result.response).toBeUndefined();
    expect(result.error).toEqual({
      name: 'ServiceUnavailableError',
      message:
        'Could not check with GitHub whether meridian-guest is a member of meridian-bank (GitHub answered 502); try again later',
    });
  });

  it('refuses everyone when the portal credentials are not accepted', async () => {
    const check = createMembershipCheck(
      new ConfigReader({
        integrations: {
          github: [
            { host: github.host, apiBaseUrl: github.url, token: 'revoked' },
          ],
        },
        portal: {
          signIn: { github: { organization: ORG, host: github.host } },
        },
      }),
    );
    await expect(check('meridian-guest')).rejects.toThrow(
      /GitHub answered 401/,
    );
    await expect(check(undefined)).rejects.toThrow(/did not return a login/);
  });
});

describe('GitHub sign-in configuration', () => {
  it('names the missing organisation key', () => {
    expect(() =>
      createMembershipCheck(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com', token: 't' }] },
        }),
      ),
    ).toThrow(/portal\.signIn\.github\.organization.*GITHUB_ORG/);
  });

  it('needs integration credentials for the host', () => {
    expect(() =>
      createMembershipCheck(
        new ConfigReader({
          portal: { signIn: { github: { organization: ORG } } },
          integrations: { github: [{ host: 'github.com' }] },
        }),
      ),
    ).toThrow(/integrations\.github entry for github\.com.*token/);
    expect(() =>
      createMembershipCheck(
        new ConfigReader({
          portal: {
            signIn: { github: { organization: ORG, host: 'ghe.example' } },
          },
        }),
      ),
    ).toThrow(/integrations\.github has no entry for that host/);
  });

  it('stops the backend at start when GitHub sign-in has no organisation', async () => {
    await expect(
      startTestBackend({
        features: [
          authPlugin,
          githubAuth,
          catalogServiceMock.factory(),
          mockServices.rootConfig.factory({
            data: {
              auth: {
                environment: 'production',
                providers: {
                  github: { production: { clientId: 'a', clientSecret: 'b' } },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/portal\.signIn\.github\.organization/);
  });
});
