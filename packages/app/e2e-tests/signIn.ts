import { expect, Page } from '@playwright/test';

/**
 * Signs in as a person would in production: the GitHub card's button opens
 * the (local) GitHub sign-in page in a popup, where the login is typed.
 * Resolves once the popup has closed; the caller checks the outcome.
 */
export async function signInWithGitHub(page: Page, login: string, path = '/') {
  await page.goto(path);
  const button = page.getByRole('button', { name: 'Sign In' });
  await expect(button).toBeVisible();
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    button.click(),
  ]);
  await popup.getByLabel('Username or email address').fill(login);
  await Promise.all([
    popup.waitForEvent('close'),
    popup.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
}

/**
 * Signs in through GitHub as meridian-guest, a member of the organisation
 * whose User entity is user:default/guest (Squad Aura and Squad Orion).
 */
export async function signInAsGuest(page: Page, path = '/') {
  await signInWithGitHub(page, 'meridian-guest', path);
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
}
