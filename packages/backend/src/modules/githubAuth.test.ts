import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { userLoginMatchingUserEntityAnnotation } from './githubAuth';

function signInInfo(username?: string) {
  return {
    profile: {},
    result: {
      fullProfile: { id: '4242', username, provider: 'github' },
      session: { accessToken: 't', scope: 'read:user', tokenType: 'bearer' },
    },
  } as any;
}

describe('userLoginMatchingUserEntityAnnotation', () => {
  const resolver = userLoginMatchingUserEntityAnnotation();

  it('looks the user up by the github.com/user-login annotation', async () => {
    const queries: unknown[] = [];
    const ctx = {
      signInWithCatalogUser: async (query: unknown) => {
        queries.push(query);
        return { token: 'backstage-token' };
      },
    } as unknown as AuthResolverContext;

    await expect(resolver(signInInfo('asilva-mb'), ctx)).resolves.toEqual({
      token: 'backstage-token',
    });
    expect(queries).toEqual([
      { annotations: { 'github.com/user-login': 'asilva-mb' } },
    ]);
  });

  it('refuses a profile without a login', async () => {
    const ctx = {} as AuthResolverContext;
    await expect(resolver(signInInfo(undefined), ctx)).rejects.toThrow(
      /did not return a login/,
    );
  });
});
