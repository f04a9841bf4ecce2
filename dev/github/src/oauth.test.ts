import { LocalGitHub, startGitHubServer } from './index';

const TOKEN = 'server-token';
const CLIENT = { clientId: 'portal-client', clientSecret: 'portal-secret' };
const CALLBACK = 'http://localhost:7007/api/auth/github/handler/frame';

describe('OAuth web flow and user endpoints', () => {
  let github: LocalGitHub;

  beforeAll(async () => {
    github = await startGitHubServer({
      repoCount: 10,
      org: 'meridian-bank',
      token: TOKEN,
      members: ['anasilva-dev', 'meridian-guest'],
      outsideUsers: ['mallory'],
      oauthApp: CLIENT,
    });
  });

  afterAll(() => github.close());

  beforeEach(() => github.control.reset());

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual' as const,
  });

  const toFields = (c: typeof CLIENT) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
  });

  async function signIn(login: string, scope = 'read:user') {
    const res = await fetch(
      `${github.url}/login/oauth/authorize`,
      form({
        client_id: CLIENT.clientId,
        redirect_uri: CALLBACK,
        scope,
        state: 'st4te',
        login,
      }),
    );
    return res;
  }

  async function tokenFor(login: string, scope = 'read:user') {
    const res = await signIn(login, scope);
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location')!).searchParams.get(
      'code',
    )!;
    const exchange = await fetch(
      `${github.url}/login/oauth/access_token`,
      form({ ...toFields(CLIENT), code, redirect_uri: CALLBACK }),
    );
    return new URLSearchParams(await exchange.text()).get('access_token')!;
  }

  const api = (path: string, token?: string) =>
    fetch(`${github.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      redirect: 'manual',
    });

  it('shows a sign-in page that echoes its parameters inert', async () => {
    const query = new URLSearchParams({
      client_id: CLIENT.clientId,
      redirect_uri: CALLBACK,
      scope: 'read:user',
      state: '"><script>alert(1)</script>',
      login: '<img src=x onerror=alert(1)>',
    });
    const res = await fetch(`${github.url}/login/oauth/authorize?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('name="login"');
    expect(html).toContain('>Sign in</button>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // Browsers apply form-action to the redirect that answers the form, so
    // the application's origin must be allowed or sign-in silently stalls.
    expect(res.headers.get('content-security-policy')).toContain(
      `form-action 'self' ${new URL(CALLBACK).origin}`,
    );
  });

  it('refuses an unknown client and a redirect_uri that is not http(s)', async () => {
    const unknown = await fetch(
      `${
        github.url
      }/login/oauth/authorize?client_id=other&redirect_uri=${encodeURIComponent(
        CALLBACK,
      )}`,
    );
    expect(unknown.status).toBe(404);
    const badRedirect = await fetch(
      `${github.url}/login/oauth/authorize?client_id=${CLIENT.clientId}&redirect_uri=javascript:alert(1)`,
    );
    expect(badRedirect.status).toBe(400);
  });

  it('redirects with a code and the state, and the code buys one token', async () => {
    const res = await signIn('anasilva-dev');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('st4te');
    const code = location.searchParams.get('code')!;

    const exchange = await fetch(
      `${github.url}/login/oauth/access_token`,
      form({ ...toFields(CLIENT), code, redirect_uri: CALLBACK }),
    );
    const body = new URLSearchParams(await exchange.text());
    expect(body.get('access_token')).toMatch(/^gho_/);
    expect(body.get('token_type')).toBe('bearer');
    expect(body.get('scope')).toBe('read:user');

    const again = await fetch(`${github.url}/login/oauth/access_token`, {
      ...form({ ...toFields(CLIENT), code }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
    });
    expect(await again.json()).toMatchObject({
      error: 'bad_verification_code',
    });
  });

  it('refuses a token exchange with the wrong client secret', async () => {
    const res = await signIn('anasilva-dev');
    const code = new URL(res.headers.get('location')!).searchParams.get(
      'code',
    )!;
    const exchange = await fetch(`${github.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        client_id: CLIENT.clientId,
        client_secret: 'wrong',
        code,
      }),
    });
    expect(await exchange.json()).toMatchObject({
      error: 'incorrect_client_credentials',
    });
  });

  it('does not sign in a login GitHub does not know', async () => {
    const res = await signIn('nobody-here');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Incorrect username or password.');
  });

  it('serves the user behind a user token, also under /api/v3', async () => {
    const token = await tokenFor('meridian-guest');
    const user = await api('/user', token);
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({
      login: 'meridian-guest',
      type: 'User',
    });
    const enterprise = await api('/api/v3/user', token);
    expect((await enterprise.json()).login).toBe('meridian-guest');
    expect((await api('/user')).status).toBe(401);
    expect((await api('/user', 'gho_forged')).status).toBe(401);
  });

  it('answers the membership check for members, outsiders and unknown logins', async () => {
    const check = (login: string, token = TOKEN) =>
      api(`/orgs/meridian-bank/members/${login}`, token).then(r => r.status);
    expect(await check('anasilva-dev')).toBe(204);
    expect(await check('mallory')).toBe(404);
    expect(await check('nobody-here')).toBe(404);
    // Every generated person is a member.
    const generated = github.control.squadMembers('squad-aura')[0];
    expect(await check(generated)).toBe(204);
    expect(await check('anasilva-dev', 'wrong-token')).toBe(401);
    expect(
      await api('/orgs/other-org/members/anasilva-dev', TOKEN),
    ).toHaveProperty('status', 404);
    // A requester outside the organisation is sent to the public check.
    const outsider = await tokenFor('mallory');
    const res = await api('/orgs/meridian-bank/members/anasilva-dev', outsider);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(
      /\/orgs\/meridian-bank\/public_members\/anasilva-dev$/,
    );
  });

  it("reports the user's own membership with read:org only", async () => {
    const member = await tokenFor('anasilva-dev', 'read:user read:org');
    const res = await api('/user/memberships/orgs/meridian-bank', member);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      state: 'active',
      role: 'member',
      organization: { login: 'meridian-bank' },
      user: { login: 'anasilva-dev' },
    });
    const noScope = await tokenFor('anasilva-dev', 'read:user');
    expect(
      (await api('/user/memberships/orgs/meridian-bank', noScope)).status,
    ).toBe(403);
    const outsider = await tokenFor('mallory', 'read:org');
    expect(
      (await api('/user/memberships/orgs/meridian-bank', outsider)).status,
    ).toBe(404);
  });

  it('changes membership through the control API, until reset', async () => {
    const check = (login: string) =>
      api(`/orgs/meridian-bank/members/${login}`, TOKEN).then(r => r.status);
    await fetch(`${github.url}/_control/outside-users/anasilva-dev`, {
      method: 'PUT',
    });
    expect(await check('anasilva-dev')).toBe(404);
    await fetch(`${github.url}/_control/members/newcomer`, { method: 'PUT' });
    expect(await check('newcomer')).toBe(204);
    const added = await fetch(`${github.url}/_control/identities`);
    expect(await added.json()).toEqual({
      members: ['meridian-guest', 'newcomer'],
      outsideUsers: ['anasilva-dev', 'mallory'],
    });
    const invalid = await fetch(`${github.url}/_control/members/bad--login-`, {
      method: 'PUT',
    });
    expect(invalid.status).toBe(422);
    github.control.reset();
    expect(await check('anasilva-dev')).toBe(204);
    expect(await check('newcomer')).toBe(404);
  });
});
