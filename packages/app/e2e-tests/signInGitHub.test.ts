import { expect, test } from '@playwright/test';
import { signInWithGitHub } from './signIn';

// The production backend with GitHub sign-in through the local GitHub
// (scripts/e2e.sh): only members of meridian-bank with a User entity get in.

test.describe('GitHub sign-in', () => {
  test('a member of the organisation lands as their User', async ({ page }) => {
    await signInWithGitHub(page, 'anasilva-dev');
    // Ana Silva is in Squad Aura only (the guest is also in Squad Orion).
    const squads = page.getByRole('list', { name: 'Your squads' });
    await expect(
      squads.getByRole('link', { name: 'Squad Aura' }),
    ).toBeVisible();
    await expect(squads.getByRole('link', { name: 'Squad Orion' })).toHaveCount(
      0,
    );
  });

  test('a GitHub user outside the organisation is refused', async ({
    page,
  }) => {
    await signInWithGitHub(page, 'e2e-outsider');
    await expect(
      page.getByText(
        /GitHub user e2e-outsider is not a member of the meridian-bank organisation/,
      ),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign In' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Catalog', exact: true }),
    ).toHaveCount(0);
  });

  test('a member without a User entity is refused', async ({ page }) => {
    await signInWithGitHub(page, 'e2e-member-without-user');
    await expect(
      page.getByText(/unable to resolve user identity/),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign In' })).toBeVisible();
  });

  test('the sign-in page offers GitHub only, and the backend has no guest provider', async ({
    page,
    request,
  }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Sign In' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Enter' })).toHaveCount(0);
    const guest = await request.get('/api/auth/guest/refresh?env=production', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(guest.status()).toBe(404);
    expect(await guest.text()).toContain("Unknown auth provider 'guest'");
  });
});
