import { expect, Page } from '@playwright/test';

/** Signs in through the Guest card, as a person would in development. */
export async function signInAsGuest(page: Page, path = '/') {
  await page.goto(path);
  const guestCard = page.getByRole('button', { name: 'Enter' });
  await expect(guestCard).toBeVisible();
  await guestCard.click();
  await expect(guestCard).toBeHidden();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
}
